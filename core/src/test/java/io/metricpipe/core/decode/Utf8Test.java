package io.metricpipe.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void acceptsWellFormedText() {
        assertThat(Utf8.isValid("plain, ünïcödé, 日本, 🚀".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void rejectsMalformedSequences() {
        assertThat(Utf8.isValid(new byte[] {(byte) 0xC3})).as("truncated").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xC0, (byte) 0x80})).as("overlong").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .as("surrogate")
                .isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xFF})).as("invalid byte").isFalse();
    }
}
