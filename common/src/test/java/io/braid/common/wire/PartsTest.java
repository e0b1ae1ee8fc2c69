package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartsTest {
    @Test
    void aFrameGivesBackItsPartsInOrderEmptyOnesIncluded() {
        byte[] frame = Parts.encode(List.of(new byte[]{1, 2}, new byte[0], new byte[]{3}));
        List<byte[]> parts = Parts.decode(frame, 3);
        assertThat(parts.get(0)).containsExactly(1, 2);
        assertThat(parts.get(1)).isEmpty();
        assertThat(parts.get(2)).containsExactly(3);
    }

    @Test
    void oneItemTravelsAsItselfWithoutAFrame() {
        byte[] raw = {9, 8, 7};
        assertThat(Parts.value(List.of(raw))).isSameAs(raw);
        assertThat(Parts.of(raw, 1).get(0)).isSameAs(raw);
    }

    @Test
    void aFrameThatDisagreesWithTheHeadersOrIsDamagedIsAWireFormatError() {
        byte[] frame = Parts.encode(List.of(new byte[]{1}, new byte[]{2}));
        assertThatThrownBy(() -> Parts.decode(frame, 3)).isInstanceOf(WireFormatException.class).hasMessageContaining("2 parts");
        byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 1);
        assertThatThrownBy(() -> Parts.decode(cut, 2)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Parts.decode(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}, 2)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void groupsRespectTheItemAndByteBoundsAndKeepOrder() {
        List<byte[]> parts = List.of(new byte[10], new byte[10], new byte[10], new byte[100], new byte[10]);
        assertThat(Parts.groups(parts, 2, 1000)).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
        // 8 bytes of frame header + 4 per part: 3 small parts need 50 bytes
        assertThat(Parts.groups(parts, 10, 50)).containsExactly(List.of(0, 1, 2), List.of(3), List.of(4));
    }
}
