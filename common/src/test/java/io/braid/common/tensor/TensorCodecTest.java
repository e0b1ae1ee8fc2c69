package io.braid.common.tensor;

import io.braid.common.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorCodecTest {

    @Test
    void aFloatTensorRoundTripsWithShapeAndValues() {
        Tensor t = Tensor.ofFloats(new long[]{1, 2, 3}, new float[]{0f, 1.5f, -2f, 3.25f, Float.MIN_VALUE, 1e30f});
        Tensor back = TensorCodec.decode(TensorCodec.encode(t));
        assertThat(back).isEqualTo(t);
        assertThat(back.floats()).containsExactly(0f, 1.5f, -2f, 3.25f, Float.MIN_VALUE, 1e30f);
    }

    @Test
    void theLayoutIsMagicVersionDtypeRankLittleEndianDimsThenData() {
        byte[] bytes = TensorCodec.encode(Tensor.ofFloats(new long[]{2}, new float[]{1f, 2f}));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4)).isEqualTo("BTNS");
        assertThat(bytes[4]).isEqualTo((byte) 1);
        assertThat(bytes[5]).isEqualTo((byte) DType.FLOAT32.code());
        assertThat(bytes[6]).isEqualTo((byte) 1);
        assertThat(b.getLong(7)).isEqualTo(2L);
        assertThat(b.getFloat(15)).isEqualTo(1f);
        assertThat(bytes).hasSize(7 + 8 + 8);
    }

    @Test
    void aScalarHasRankZeroAndOneElement() {
        Tensor scalar = Tensor.ofFloats(new long[]{}, new float[]{42f});
        assertThat(TensorCodec.decode(TensorCodec.encode(scalar)).floats()).containsExactly(42f);
    }

    @Test
    void truncatedDataIsAWireFormatError() {
        byte[] bytes = TensorCodec.encode(Tensor.ofFloats(new long[]{4}, new float[4]));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> TensorCodec.decode(cut)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("shape needs 16");
    }

    @Test
    void foreignBytesAreRejectedByTheirMagic() {
        assertThatThrownBy(() -> TensorCodec.decode("{\"json\":true}".getBytes()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> TensorCodec.decode(new byte[2])).isInstanceOf(WireFormatException.class);
    }

    @Test
    void anUnknownDtypeIsRejected() {
        byte[] bytes = TensorCodec.encode(Tensor.ofFloats(new long[]{1}, new float[1]));
        bytes[5] = 99;
        assertThatThrownBy(() -> TensorCodec.decode(bytes)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("dtype");
    }

    @Test
    void aTensorRefusesDataThatDoesNotMatchItsShape() {
        assertThatThrownBy(() -> new Tensor(DType.FLOAT32, new long[]{3}, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 12 bytes");
    }
}
