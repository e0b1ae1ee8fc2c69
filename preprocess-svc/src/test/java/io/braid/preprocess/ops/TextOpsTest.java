package io.braid.preprocess.ops;

import io.braid.common.image.ImageLimits;
import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.payload.PayloadKind;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextOpsTest {
    private static final ImageLimits LIMITS = new ImageLimits(4096, 1 << 24);

    private static byte[] json(String doc) {
        return PayloadCodec.encode(Payload.json(doc.getBytes(StandardCharsets.UTF_8)));
    }

    private static Payload run(String op, Map<String, Object> params, byte[] input) {
        return PayloadCodec.decode(Preprocessor.run(new Step("preprocess", "t", op, params), input, LIMITS));
    }

    @Test
    void textTemplateRendersTheTextOfATextItem() {
        Payload out = run("text-template", Map.of("template", "Q: {{text}}?"), PayloadCodec.encode(Payload.text("why")));
        assertThat(out.kind()).isEqualTo(PayloadKind.TEXT);
        assertThat(out.string()).isEqualTo("Q: why?");
    }

    @Test
    void textTemplateRendersTheFieldsOfAJsonItemStringsAsTheyAreAndOtherValuesAsJson() {
        Payload out = run("text-template", Map.of("template", "{{ticket.title}} / {{tags}} / {{json}}"),
                json("{\"ticket\":{\"title\":\"printer\"},\"tags\":[\"a\"]}"));
        assertThat(out.string()).isEqualTo("printer / [\"a\"] / {\"ticket\":{\"title\":\"printer\"},\"tags\":[\"a\"]}");
    }

    @Test
    void aTemplateFieldTheItemLacksIsTheItemsBadInputError() {
        assertThatThrownBy(() -> run("text-template", Map.of("template", "{{body}}"), json("{\"title\":\"x\"}")))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("template field 'body' has no value (the item has [title, json])");
    }

    @Test
    void jsonSelectKeepsTheValueAtItsPathAsJsonOrAsText() {
        byte[] item = json("{\"a\":{\"b\":[1,{\"c\":\"deep\"}]}}");
        assertThat(run("json-select", Map.of("path", "a.b"), item).string()).isEqualTo("[1,{\"c\":\"deep\"}]");
        Payload text = run("json-select", Map.of("path", "a.b.1.c", "as", "text"), item);
        assertThat(text.kind()).isEqualTo(PayloadKind.TEXT);
        assertThat(text.string()).isEqualTo("deep");
        assertThatThrownBy(() -> run("json-select", Map.of("path", "a.x"), item))
                .hasMessageContaining("the item has no value at 'a.x'");
    }

    @Test
    void textOpsReadNoPixels() {
        assertThat(Preprocessor.pixels(new Step("preprocess", "t", "text-template", Map.of("template", "x")),
                PayloadCodec.encode(Payload.text("x")), LIMITS)).isZero();
    }
}
