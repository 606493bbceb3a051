package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import java.util.Arrays;

/**
 * Collects the samples of one event. Every {@code gauge/counter/attribute} call takes the raw JSON
 * node so that a bad field is dropped here, counted by reason, and the rest of the event survives.
 * Missing and null fields are simply absent.
 */
final class SamplesBuilder {
    private String[] names = new String[48];
    private double[] values = new double[48];
    private byte[] kinds = new byte[48];
    private String[] labels;
    private String[] units;
    private int size;

    private String[] attrKeys = new String[8];
    private String[] attrValues = new String[8];
    private int attrSize;

    private final int[] dropped = new int[DeadLetterReason.values().length];
    private DeadLetterReason firstDrop;

    void gauge(String name, JsonNode node) {
        number(name, node, MetricKind.GAUGE);
    }

    void counter(String name, JsonNode node) {
        number(name, node, MetricKind.COUNTER);
    }

    void number(String name, JsonNode node, MetricKind kind) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!node.isNumber()) {
            drop(DeadLetterReason.WRONG_TYPE);
            return;
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v)) {
            drop(DeadLetterReason.NON_FINITE);
            return;
        }
        add(name, v, kind, null, null);
    }

    void value(String name, double v, MetricKind kind, String unit) {
        if (!Double.isFinite(v)) {
            drop(DeadLetterReason.NON_FINITE);
            return;
        }
        if (name.length() > DecoderSettings.MAX_NAME_CHARS) {
            drop(DeadLetterReason.OVERSIZED);
            return;
        }
        add(name, v, kind, null, unit);
    }

    void occurrence(String name) {
        if (name.length() > DecoderSettings.MAX_NAME_CHARS) {
            drop(DeadLetterReason.OVERSIZED);
            return;
        }
        add(name, 1.0, MetricKind.OCCURRENCE, null, null);
    }

    void distinct(String name, JsonNode node) {
        String text = text(node, DecoderSettings.MAX_NAME_CHARS);
        if (text != null) {
            add(name, 1.0, MetricKind.DISTINCT, text, null);
        }
    }

    void attribute(String key, JsonNode node) {
        if (key.isEmpty()) {
            drop(DeadLetterReason.EMPTY_NAME);
            return;
        }
        String text = text(node, DecoderSettings.MAX_ATTRIBUTE_CHARS);
        if (text != null) {
            attribute(key, text);
        }
    }

    void attribute(String key, String value) {
        if (attrSize == attrKeys.length) {
            attrKeys = Arrays.copyOf(attrKeys, attrSize * 2);
            attrValues = Arrays.copyOf(attrValues, attrSize * 2);
        }
        attrKeys[attrSize] = key;
        attrValues[attrSize++] = value;
    }

    /**
     * The text of a string or number node, or null when absent or dropped. Objects, arrays and
     * booleans are the wrong type for a label.
     */
    String text(JsonNode node, int maxChars) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String text;
        if (node.isTextual()) {
            text = node.textValue();
        } else if (node.isNumber()) {
            text = node.asText();
        } else {
            drop(DeadLetterReason.WRONG_TYPE);
            return null;
        }
        if (text.length() > maxChars) {
            drop(DeadLetterReason.OVERSIZED);
            return null;
        }
        return text;
    }

    /** Returns {@code node} if it is an object; a non-object is dropped, absent returns null. */
    JsonNode object(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            drop(DeadLetterReason.WRONG_TYPE);
            return null;
        }
        return node;
    }

    void drop(DeadLetterReason reason) {
        dropped[reason.ordinal()]++;
        if (firstDrop == null) {
            firstDrop = reason;
        }
    }

    private void add(String name, double v, MetricKind kind, String label, String unit) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
            kinds = Arrays.copyOf(kinds, n);
            labels = labels == null ? null : Arrays.copyOf(labels, n);
            units = units == null ? null : Arrays.copyOf(units, n);
        }
        if (label != null && labels == null) {
            labels = new String[names.length];
        }
        if (unit != null && units == null) {
            units = new String[names.length];
        }
        names[size] = name;
        values[size] = v;
        kinds[size] = kind.code();
        if (labels != null) {
            labels[size] = label;
        }
        if (units != null) {
            units[size] = unit;
        }
        size++;
    }

    int size() {
        return size;
    }

    DeadLetterReason firstDrop() {
        return firstDrop;
    }

    int[] dropped() {
        return dropped;
    }

    ResourceSamples build(String resourceKey, String resourceType, long timestamp, String pos) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = resourceKey;
        s.resourceType = resourceType;
        s.timestamp = timestamp;
        s.names = Arrays.copyOf(names, size);
        s.values = Arrays.copyOf(values, size);
        s.kinds = Arrays.copyOf(kinds, size);
        s.labels = labels == null ? null : Arrays.copyOf(labels, size);
        s.units = units == null ? null : Arrays.copyOf(units, size);
        s.attributeKeys = Arrays.copyOf(attrKeys, attrSize);
        s.attributeValues = Arrays.copyOf(attrValues, attrSize);
        s.sourcePosition = pos;
        return s;
    }
}
