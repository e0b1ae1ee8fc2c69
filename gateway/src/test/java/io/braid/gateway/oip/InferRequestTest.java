package io.braid.gateway.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.common.image.ImageLimits;
import io.braid.common.wire.JobItem;
import io.braid.gateway.rest.ApiProblem;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageLimits LIMITS = new ImageLimits(8192, 16_777_216);

    private static byte[] png(int side) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static InferRequest parse(String body) {
        return InferRequest.parseJson(JSON, body, 100);
    }

    private static String problem(String body) {
        ApiProblem p = org.junit.jupiter.api.Assertions.assertThrows(ApiProblem.class, () -> parse(body));
        assertThat(p.status()).isEqualTo(400);
        return p.getMessage();
    }

    @Test
    void aJsonRequestOfBase64ImagesBecomesOneJobItemPerElementWithItsParameters() throws IOException {
        String body = """
                {"id": "r1", "parameters": {"timeout": 2500, "priority": 2, "binary_data_output": false},
                 "inputs": [{"name": "image", "datatype": "BYTES", "shape": [2, 1], "data": [["%s"], ["%s"]]}],
                 "outputs": [{"name": "label", "parameters": {"binary_data": false}}]}
                """.formatted(b64(png(28)), b64(png(9)));

        InferRequest r = parse(body);
        List<JobItem> items = r.items(LIMITS);

        assertThat(r.id()).isEqualTo("r1");
        assertThat(r.timeoutUs()).isEqualTo(2500);
        assertThat(r.priority()).isEqualTo(2);
        assertThat(r.outputs()).containsExactly("label");
        assertThat(items).extracting(JobItem::id).containsExactly("0", "1");
        assertThat(items).extracting(JobItem::contentType).containsOnly("image/png");
        assertThat(items.get(1).data()).isEqualTo(png(9));
    }

    @Test
    void tritonBinaryTensorDataIsReadAsLengthPrefixedElementsAfterTheJsonHeader() throws IOException {
        byte[] a = png(28);
        byte[] b = png(12);
        ByteBuffer tensor = ByteBuffer.allocate(8 + a.length + b.length).order(ByteOrder.LITTLE_ENDIAN);
        tensor.putInt(a.length).put(a).putInt(b.length).put(b);
        byte[] header = ("{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[2],"
                + "\"parameters\":{\"binary_data_size\":" + tensor.capacity() + "}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + tensor.capacity()).put(header).put(tensor.array()).array();

        InferRequest r = InferRequest.parse(JSON, body, Integer.toString(header.length), 100);

        assertThat(r.items(LIMITS)).extracting(JobItem::data).containsExactly(a, b);
        assertThatThrownBy(() -> InferRequest.parse(JSON, java.util.Arrays.copyOf(body, body.length - 3),
                Integer.toString(header.length), 100)).hasMessageContaining("binary_data_size");
    }

    @Test
    void wrongDatatypesNamesShapesAndUnknownFieldsAre400NamingWhatIsAccepted() {
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "INT64", "shape": [1, 28, 28], "data": [0]}]}"""))
                .contains("datatype INT64").contains("BYTES").contains("PNG or JPEG").contains("UINT8").contains("FP32");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "FP32", "shape": [1, 1, 28, 28], "data": [0.5]}]}"""))
                .contains("shape [1, 1, 28, 28] but 1 elements; it needs 784");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "UINT8", "shape": [1, 3, 2, 2], "data": [0]}]}"""))
                .contains("[N, H, W] or [N, 1, H, W]");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "FP32", "shape": [1, 1, 2], "data": [0.5, 1.5]}]}"""))
                .contains("element 1").contains("0.0 to 1.0");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "UINT8", "shape": [1, 1, 2], "data": [0, 2.5]}]}"""))
                .contains("UINT8 elements in JSON are integers");
        assertThat(problem("""
                {"inputs": [{"name": "pixels", "datatype": "BYTES", "shape": [1], "data": ["x"]}]}"""))
                .contains("unexpected input 'pixels'");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "BYTES", "shape": [3], "data": ["x"]}]}"""))
                .contains("shape [3] but 1 elements");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "data": [7]}]}"""))
                .contains("BYTES elements in JSON are strings");
        assertThat(problem("""
                {"inputs": [], "extra": 1}""")).contains("unknown field 'extra'");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "data": ["x"]}],
                 "parameters": {"timeout": "soon"}}""")).contains("parameters.timeout must be an integer");
        assertThat(problem("""
                {"inputs": [{"name": "image", "datatype": "BYTES", "shape": [101], "data": []}]}"""))
                .contains("a request takes 1 to 100");
        assertThat(problem("{\"inputs\": [")).isNotBlank();
    }

    @Test
    void pixelTensorsInJsonOrBinaryBecomeGreyPngsOfTheSamePixels() throws IOException {
        InferRequest uint8 = parse("""
                {"inputs": [{"name": "image", "datatype": "UINT8", "shape": [2, 1, 2, 3],
                             "data": [[[[0, 50, 100], [150, 200, 255]]], [[[255, 255, 255], [0, 0, 0]]]]}]}""");
        ByteBuffer floats = ByteBuffer.allocate(6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[]{0f, 50 / 255f, 100 / 255f, 150 / 255f, 200 / 255f, 1f}) {
            floats.putFloat(v);
        }
        byte[] header = ("{\"inputs\":[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[1,2,3],"
                + "\"parameters\":{\"binary_data_size\":24}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + 24).put(header).put(floats.array()).array();
        InferRequest fp32 = InferRequest.parse(JSON, body, Integer.toString(header.length), 100);

        List<JobItem> items = uint8.items(LIMITS);
        assertThat(items).extracting(JobItem::contentType).containsOnly("image/png");
        assertThat(grey(items.get(0).data())).containsExactly(0, 50, 100, 150, 200, 255);
        assertThat(grey(items.get(1).data())).containsExactly(255, 255, 255, 0, 0, 0);
        assertThat(grey(fp32.items(LIMITS).get(0).data())).containsExactly(0, 50, 100, 150, 200, 255);
    }

    private static int[] grey(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    @Test
    void anElementThatIsNotAnImageIs400NamingTheElement() {
        InferRequest r = parse("""
                {"inputs": [{"name": "image", "datatype": "BYTES", "shape": [2], "data": ["%s", "%s"]}]}"""
                .formatted(b64(new byte[]{(byte) 0x89, 'P', 'N', 'G'}), "###"));

        assertThatThrownBy(() -> r.items(LIMITS)).isInstanceOf(ApiProblem.class).hasMessageContaining("input 'image' element 0");
    }
}
