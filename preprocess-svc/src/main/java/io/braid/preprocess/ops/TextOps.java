package io.braid.preprocess.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.ops.ItemFields;
import io.braid.common.ops.Template;
import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.payload.PayloadKind;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.WireFormatException;

/** The operators over text and JSON items: {@code text-template} and {@code json-select}. */
public final class TextOps {
    private TextOps() {
    }

    /** {@code text-template}: the template rendered over the item's fields, as a text payload. */
    public static Payload template(byte[] input, Step step) {
        Payload item = payload(input, step);
        return Payload.text(ItemFields.render(Template.of(String.valueOf(step.params().get("template"))), item));
    }

    /** {@code json-select}: the value at {@code path} of a JSON item, as JSON or (with {@code as: text}) as text. */
    public static Payload select(byte[] input, Step step) {
        Payload item = payload(input, step);
        if (item.kind() != PayloadKind.JSON) {
            throw new TaskException(ErrorCode.BAD_INPUT, "json-select takes a JSON item, got " + item.kind().apiName());
        }
        String path = String.valueOf(step.params().get("path"));
        JsonNode value = Template.lookup(ItemFields.parse(item), path);
        if (value.isMissingNode()) {
            throw new TaskException(ErrorCode.BAD_INPUT, "the item has no value at '" + path + "'");
        }
        if ("text".equals(step.params().get("as"))) {
            return Payload.text(value.isTextual() ? value.asText() : value.toString());
        }
        try {
            return Payload.json(Json.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new TaskException(ErrorCode.INTERNAL, "cannot write the selected value: " + e.getMessage(), e);
        }
    }

    private static Payload payload(byte[] input, Step step) {
        try {
            return PayloadCodec.decode(input);
        } catch (WireFormatException e) {
            throw new TaskException(ErrorCode.POISON_RECORD, step.op() + " takes a text or JSON item: " + e.getMessage(), e);
        }
    }
}
