package io.metricpipe.sources.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An {@code analytics-data} item back as the event's JSON: maps as objects, lists as arrays,
 * numbers as numbers, strings, booleans and nulls as themselves; the inverse of the compatibility
 * writer. Sets, which that writer never makes, become arrays.
 */
final class ItemJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ItemJson() {}

    static byte[] toJson(Map<String, AttributeValue> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeObject(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeObject(JsonGenerator g, Map<String, AttributeValue> m)
            throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> f : m.entrySet()) {
            g.writeFieldName(f.getKey());
            write(g, f.getValue());
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, AttributeValue v) throws IOException {
        if (v.s() != null) {
            g.writeString(v.s());
        } else if (v.n() != null) {
            g.writeNumber(new BigDecimal(v.n()));
        } else if (v.bool() != null) {
            g.writeBoolean(v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            g.writeNull();
        } else if (v.hasM()) {
            writeObject(g, v.m());
        } else if (v.hasL()) {
            writeArray(g, v.l());
        } else if (v.hasSs()) {
            g.writeStartArray();
            for (String s : v.ss()) {
                g.writeString(s);
            }
            g.writeEndArray();
        } else if (v.hasNs()) {
            g.writeStartArray();
            for (String n : v.ns()) {
                g.writeNumber(new BigDecimal(n));
            }
            g.writeEndArray();
        } else {
            g.writeNull(); // binary: never written by the compatibility writer
        }
    }

    private static void writeArray(JsonGenerator g, List<AttributeValue> l) throws IOException {
        g.writeStartArray();
        for (AttributeValue e : l) {
            write(g, e);
        }
        g.writeEndArray();
    }
}
