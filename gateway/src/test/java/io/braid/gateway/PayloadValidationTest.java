package io.braid.gateway;

import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;

/**
 * Text, JSON and tensor inputs that cannot work are refused with a 400 problem+json whose detail names the input's
 * path and what is wrong (the bounds: braid.gateway.inputs.*, at their defaults here).
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class PayloadValidationTest {

    private static void refused(String pipeline, String input, String detailPart) {
        Api.assertProblem(Api.submit(TEAM_B_KEY, pipeline, "{\"inputs\":[{\"id\":\"ok\"," + okField(pipeline)
                + "},{\"id\":\"x\"," + input + "}]}"), 400, "Bad Request", detailPart);
    }

    /** A valid first input, so that the refused one is inputs[1]. */
    private static String okField(String pipeline) {
        return switch (pipeline) {
            case "research-text" -> "\"text\":\"fine\"";
            case "research-json" -> "\"json\":{}";
            default -> tensor("[1]", "FP32", "[1]");
        };
    }

    private static String tensor(String shape, String datatype, String data) {
        return "\"tensor\":{\"shape\":" + shape + ",\"datatype\":\"" + datatype + "\",\"data\":" + data + "}";
    }

    @Test
    void aTextMustBeANonEmptyStringOfValidUnicode() {
        refused("research-text", "\"text\":\"\"", "inputs[1].text is empty");
        refused("research-text", "\"text\":5", "field 'inputs[1].text' must be a string");
        refused("research-text", "\"text\":{\"a\":1}", "field 'inputs[1].text' must be a string");
        refused("research-text", "\"text\":\"ab\\ud800c\"",
                "inputs[1].text has an unpaired surrogate (\\uD800) at character 2; text must be valid Unicode");
        refused("research-text", "\"text\":\"\\udc00\"", "inputs[1].text has an unpaired surrogate (\\uDC00)");
    }

    @Test
    void aTextOfMoreThanTheLimitsUtf8BytesIsRefused() {
        // 524,289 two-byte characters: 1 MiB + 2 bytes of UTF-8
        refused("research-text", "\"text\":\"" + "é".repeat(524_289) + "\"",
                "inputs[1].text is 1048578 bytes of UTF-8; the limit is 1048576 (braid.gateway.inputs.max-text-bytes)");
    }

    @Test
    void aJsonInputMustBeAnObjectOrArrayWithinTheLimit() {
        refused("research-json", "\"json\":\"text\"", "inputs[1].json must be a JSON object or array, got string");
        refused("research-json", "\"json\":42", "got number (a bare string, number, boolean or null is not accepted");
        String big = IntStream.range(0, 110_000).mapToObj(i -> "\"abcdefgh\"").collect(Collectors.joining(",", "[", "]"));
        refused("research-json", "\"json\":" + big,
                "inputs[1].json is 1210001 bytes as compact JSON; the limit is 1048576");
    }

    @Test
    void aJsonInputNestedDeeperThanTheParserAllowsIsRefusedAsTheBodyIs() {
        String nested = "[".repeat(2000) + "]".repeat(2000);
        refused("research-json", "\"json\":" + nested, "nesting depth");
    }

    @Test
    void aTensorsShapeMustBeNonNegativeIntegers() {
        refused("research-tensor", tensor("[2,-1]", "FP32", "[]"), "inputs[1].tensor.shape[1] must be a non-negative integer, got -1");
        refused("research-tensor", tensor("[2.5]", "FP32", "[1,2]"), "inputs[1].tensor.shape[0] must be a non-negative integer, got 2.5");
        refused("research-tensor", tensor("\"2x3\"", "FP32", "[]"), "inputs[1].tensor.shape must be an array of non-negative integers");
        refused("research-tensor", tensor("[1,1,1,1,1,1,1,1,1]", "FP32", "[1]"), "inputs[1].tensor.shape has 9 dimensions; at most 8");
        refused("research-tensor", "\"tensor\":{\"datatype\":\"FP32\",\"data\":[1]}", "inputs[1].tensor.shape is required");
    }

    @Test
    void aTensorsDataMustHaveTheShapesNumberOfElements() {
        refused("research-tensor", tensor("[2,3]", "FP32", "[1,2,3,4,5]"),
                "inputs[1].tensor.data has 5 elements; shape [2,3] needs 6");
        refused("research-tensor", tensor("[2,3]", "FP32", "[[1,2,3],[4,5,6],[7,8,9]]"),
                "inputs[1].tensor.data has 9 elements; shape [2,3] needs 6");
        refused("research-tensor", "\"tensor\":{\"shape\":[1],\"datatype\":\"FP32\"}", "inputs[1].tensor.data is required");
        refused("research-tensor", tensor("[1]", "FP32", "7"), "inputs[1].tensor.data must be an array");
    }

    @Test
    void nestedTensorDataMustBeRectangular() {
        refused("research-tensor", tensor("[2,3]", "FP32", "[[1,2,3],[4,5]]"),
                "inputs[1].tensor.data[1] has 2 elements where its siblings have 3; nested data must be rectangular");
        refused("research-tensor", tensor("[2,2]", "FP32", "[[1,2],3,4]"),
                "inputs[1].tensor.data[1] is not an array where its siblings have 2");
        refused("research-tensor", tensor("[3]", "FP32", "[1,[2],3]"),
                "inputs[1].tensor.data[1] is an array where the data has scalars");
    }

    @Test
    void everyElementMustBeOfTheDatatypesTypeAndRange() {
        refused("research-tensor", tensor("[2]", "UINT8", "[1,256]"), "inputs[1].tensor.data[1] is 256; UINT8 takes integers 0 to 255");
        refused("research-tensor", tensor("[1,2]", "UINT8", "[[-1,0]]"), "inputs[1].tensor.data[0][0] is -1; UINT8 takes integers 0 to 255");
        refused("research-tensor", tensor("[1]", "INT32", "[2147483648]"), "inputs[1].tensor.data[0] is 2147483648; INT32 takes integers");
        refused("research-tensor", tensor("[1]", "INT64", "[1.5]"), "inputs[1].tensor.data[0] is 1.5; INT64 takes integers");
        refused("research-tensor", tensor("[1]", "INT64", "[9223372036854775808]"), "INT64 takes integers");
        refused("research-tensor", tensor("[1]", "FP32", "[1e39]"), "inputs[1].tensor.data[0] is 1.0E39; FP32 takes finite numbers");
        refused("research-tensor", tensor("[1]", "FP64", "[1e400]"), "FP64 takes finite numbers");
        refused("research-tensor", tensor("[2]", "FP32", "[1,\"2\"]"), "inputs[1].tensor.data[1] is \"2\"; FP32 takes finite numbers");
        refused("research-tensor", tensor("[1]", "FP32", "[true]"), "inputs[1].tensor.data[0] is true");
    }

    @Test
    void anUnsupportedDatatypeIsRefusedWithTheListOfThoseSupported() {
        refused("research-tensor", tensor("[1]", "BOOL", "[true]"),
                "inputs[1].tensor.datatype is BOOL; tensor inputs take one of FP32, FP64, INT32, INT64, UINT8");
        refused("research-tensor", tensor("[1]", "FP16", "[1]"), "inputs[1].tensor.datatype is FP16");
        refused("research-tensor", "\"tensor\":{\"shape\":[1],\"data\":[1]}", "inputs[1].tensor.datatype is required");
    }

    @Test
    void aTensorOfMoreElementsThanTheLimitIsRefusedBeforeItsDataIsRead() {
        refused("research-tensor", tensor("[4096,4096,2]", "UINT8", "[]"),
                "inputs[1].tensor.shape [4096,4096,2] has more than 16777216 elements, the limit "
                        + "(braid.gateway.inputs.max-tensor-elements)");
        refused("research-tensor", tensor("[4294967296,4294967296,4294967296]", "UINT8", "[]"),
                "has more than 16777216 elements");
    }
}
