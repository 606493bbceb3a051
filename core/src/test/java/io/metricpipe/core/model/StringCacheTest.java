package io.metricpipe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringCacheTest {
    private static String fromBytes(StringCache cache, String s, int padding) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[utf8.length + 2 * padding];
        System.arraycopy(utf8, 0, framed, padding, utf8.length);
        return cache.of(framed, padding, utf8.length);
    }

    private static String fromChars(StringCache cache, String s, int padding) {
        char[] framed = new char[s.length() + 2 * padding];
        s.getChars(0, s.length(), framed, padding);
        return cache.of(framed, padding, s.length());
    }

    @Test
    void aRepeatedValueIsOneStringAndEveryValueComesBackAsItWas() {
        StringCache cache = new StringCache(8);
        String first = fromBytes(cache, "web-01.example.com", 3);
        assertThat(fromBytes(cache, "web-01.example.com", 0)).isSameAs(first);
        assertThat(fromChars(cache, "web-01.example.com", 5)).isEqualTo(first);
        String chars = fromChars(cache, "Ubuntu 22.04 · µs", 1);
        assertThat(fromChars(cache, "Ubuntu 22.04 · µs", 0)).isSameAs(chars);
        assertThat(fromBytes(cache, "Ubuntu 22.04 · µs", 2)).isEqualTo(chars);

        // Far more distinct values than slots: entries are replaced, never confused.
        Random random = new Random(1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            values.add(i % 3 == 0 ? "" : "h-" + random.nextInt(300) + (i % 7 == 0 ? "é" : ""));
        }
        values.add("x".repeat(StringCache.MAX_LENGTH + 1));
        for (String v : values) {
            assertThat(fromBytes(cache, v, 1)).isEqualTo(v);
            assertThat(fromChars(cache, v, 2)).isEqualTo(v);
        }
    }

    @Test
    void aSetHoldsTwoValuesAndEvictsTheLessRecentlyUsed() {
        StringCache cache = new StringCache(2); // one set: every value competes for it
        String a = fromBytes(cache, "host/a", 0);
        String b = fromBytes(cache, "host/b", 0);
        assertThat(fromBytes(cache, "host/a", 1)).isSameAs(a);
        assertThat(fromBytes(cache, "host/c", 0)).isEqualTo("host/c");
        assertThat(fromBytes(cache, "host/a", 2)).isSameAs(a);
        assertThat(fromBytes(cache, "host/b", 0)).isEqualTo(b).isNotSameAs(b);

        IdentityCache<String, String> keys = new IdentityCache<>(2, s -> "key/" + s);
        String ka = keys.get(a);
        String kb = keys.get(b);
        assertThat(keys.get(a)).isSameAs(ka).isEqualTo("key/host/a");
        assertThat(keys.get("host/c")).isEqualTo("key/host/c");
        assertThat(keys.get(a)).isSameAs(ka);
        assertThat(keys.get(b)).isEqualTo(kb).isNotSameAs(kb);
        // By identity: an equal string that is another instance is another key.
        assertThat(keys.get(new String(a))).isEqualTo(ka).isNotSameAs(ka);
    }

    @Test
    void theSizeIsAPowerOfTwo() {
        assertThatThrownBy(() -> new StringCache(1000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new IdentityCache<String, String>(1, s -> s))
                .hasMessageContaining("power of two");
    }
}
