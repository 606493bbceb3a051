package io.metricpipe.core.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metricpipe.core.decode.VmMetricsLayout.Section;
import io.metricpipe.core.model.IdentityCache;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.StringCache;
import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes {@code vm-metrics}, the agents' most frequent event, straight from the parser's tokens:
 * building the JSON tree and looking fields up in it was most of the cost of decoding. It only
 * takes events that {@link VmMetricsDecoder} would accept whole. Anything else (another type, a
 * field of the wrong type, a non-finite number, a bad timestamp or source, a repeated key, trailing
 * data, malformed JSON) makes it return null, and the tree decoder decides, with its dead letters
 * and dropped-field counts. The two give equal samples for every event this one takes.
 *
 * <p>Not thread-safe: one per {@link EventDecoder}.
 */
final class VmMetricsStreamDecoder {
    private static final int ATTRIBUTES = VmMetricsLayout.ATTRIBUTES.length;

    /** Bits of {@link #seen}: the slots, then the attributes, then the per-core array. */
    private static final int ATTRIBUTE_BIT = VmMetricsLayout.SLOTS;

    private static final int PER_CORE_BIT = ATTRIBUTE_BIT + ATTRIBUTES;

    private final JsonFactory json;
    private final DecoderSettings settings;

    private final double[] values = new double[VmMetricsLayout.SLOTS];
    private final String[] attributes = new String[ATTRIBUTES];
    private double[] cores = new double[16];
    private boolean[] coreSent = new boolean[16];
    private int coreCount;
    private long seen;
    private long present;

    /**
     * The names, kinds and attribute keys of the previous event. Agents send the same fields every
     * time, so consecutive events share these arrays, which the serializer then writes from cache.
     */
    private String[] lastNames = new String[0];

    private byte[] lastKinds = new byte[0];
    private String[] lastAttributeKeys = new String[0];

    /** What the previous event sent, which decides the arrays above; -1: none yet. */
    private long lastPresent = -1;

    private int lastCoreCount;
    private long lastCoreMask;
    private long lastAttributeMask;

    private String[] names = new String[VmMetricsLayout.SLOTS + 16];
    private byte[] kinds = new byte[names.length];
    private double[] sampleValues = new double[names.length];
    private String[] attributeKeys = new String[ATTRIBUTES];
    private String[] attributeValues = new String[ATTRIBUTES];

    /**
     * The sources and attribute values seen: an agent sends the same ones every time, so they are
     * the same strings from event to event (which the serializer then writes from cache).
     */
    private final StringCache strings = new StringCache(StringCache.SLOTS);

    /** Resource keys by source (the cached strings, by identity). */
    private final IdentityCache<String, String> resourceKeys =
            new IdentityCache<>(StringCache.SLOTS, VmMetricsLayout::resourceKey);

    /** The order of the event's fields and of each section's, as the agent sent them last. */
    private final FieldOrder topOrder = new FieldOrder();

    private final FieldOrder[] sectionOrders = new FieldOrder[VmMetricsLayout.SECTIONS.length];

    VmMetricsStreamDecoder(JsonFactory json, DecoderSettings settings) {
        this.json = json;
        this.settings = settings;
        Arrays.setAll(sectionOrders, i -> new FieldOrder());
    }

    /** The event's samples (without source position), or null when the tree decoder must decide. */
    ResourceSamples decode(byte[] payload, long arrivalTime) {
        seen = 0;
        present = 0;
        coreCount = 0;
        Arrays.fill(attributes, null);
        try (JsonParser p = json.createParser(payload)) {
            return decode(p, arrivalTime);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private ResourceSamples decode(JsonParser p, long arrivalTime) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        boolean typed = false;
        double timestamp = Double.NaN;
        String source = null;
        int sections = 0;
        String field;
        topOrder.start();
        while ((field = topOrder.next(p)) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "type":
                    if (typed || t != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    if (!VmMetricsLayout.TYPE.equals(p.getText())) {
                        return null;
                    }
                    typed = true;
                    break;
                case "timestamp":
                    if (!Double.isNaN(timestamp) || !t.isNumeric()) {
                        return null;
                    }
                    timestamp = p.getDoubleValue();
                    break;
                case VmMetricsLayout.SOURCE:
                    if (source != null || t != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    source = text(p);
                    break;
                default:
                    int index = VmMetricsLayout.sectionIndex(field);
                    if (index < 0) {
                        p.skipChildren();
                        break;
                    }
                    if ((sections & (1 << index)) != 0) {
                        return null;
                    }
                    sections |= 1 << index;
                    if (t == JsonToken.START_OBJECT) {
                        if (!section(p, VmMetricsLayout.SECTIONS[index], sectionOrders[index])) {
                            return null;
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
            }
        }
        if (p.nextToken() != null || !typed || source == null) {
            return null;
        }
        if (source.isEmpty() || source.length() > DecoderSettings.MAX_NAME_CHARS) {
            return null;
        }
        if (!EventDecoder.plausibleTimestamp(timestamp)) {
            return null;
        }
        long ts = (long) Math.floor(timestamp);
        if (ts > arrivalTime + settings.maxFutureSkewMs()) {
            return null;
        }
        return samples(resourceKeys.get(source), ts);
    }

    /** Reads one section's fields; false when the tree decoder must decide. */
    private boolean section(JsonParser p, Section s, FieldOrder order) throws IOException {
        String field;
        order.start();
        while ((field = order.next(p)) != null) {
            JsonToken t = p.nextToken();
            int i = s.indexOf(field);
            int a = i < 0 && s.hasAttributes ? VmMetricsLayout.attributeIndex(field) : -1;
            if (i >= 0) {
                if (!number(p, t, s.firstSlot + i)) {
                    return false;
                }
            } else if (a >= 0) {
                if (!attribute(p, t, a)) {
                    return false;
                }
            } else if (s.hasPerCore && VmMetricsLayout.PER_CORE.equals(field)) {
                if (!firstTime(PER_CORE_BIT) || !perCore(p, t)) {
                    return false;
                }
            } else {
                p.skipChildren();
            }
        }
        return true;
    }

    private boolean firstTime(int bit) {
        if ((seen & (1L << bit)) != 0) {
            return false;
        }
        seen |= 1L << bit;
        return true;
    }

    private boolean number(JsonParser p, JsonToken t, int slot) throws IOException {
        if (!firstTime(slot)) {
            return false;
        }
        if (t == JsonToken.VALUE_NULL) {
            return true;
        }
        if (!t.isNumeric()) {
            return false;
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            return false;
        }
        values[slot] = v;
        present |= 1L << slot;
        return true;
    }

    private boolean attribute(JsonParser p, JsonToken t, int index) throws IOException {
        if (!firstTime(ATTRIBUTE_BIT + index)) {
            return false;
        }
        if (t == JsonToken.VALUE_NULL) {
            return true;
        }
        if (t != JsonToken.VALUE_STRING) {
            return false;
        }
        if (p.getTextLength() > DecoderSettings.MAX_ATTRIBUTE_CHARS) {
            return false;
        }
        attributes[index] = text(p);
        return true;
    }

    /** The current string token, from {@link #strings} when it was seen before. */
    private String text(JsonParser p) throws IOException {
        return strings.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private boolean perCore(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return true;
        }
        if (t != JsonToken.START_ARRAY) {
            return false;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (coreCount == cores.length) {
                cores = Arrays.copyOf(cores, coreCount * 2);
                coreSent = Arrays.copyOf(coreSent, coreCount * 2);
            }
            coreSent[coreCount] = false;
            if (t.isNumeric()) {
                double v = p.getDoubleValue();
                if (!Double.isFinite(v)) {
                    return false;
                }
                cores[coreCount] = v;
                coreSent[coreCount] = true;
            } else if (t != JsonToken.VALUE_NULL) {
                return false;
            }
            coreCount++;
        }
        return true;
    }

    /** The samples in the tree decoder's order, or null when the event has none. */
    private ResourceSamples samples(String resourceKey, long timestamp) {
        if (names.length < VmMetricsLayout.SLOTS + coreCount) {
            names = new String[VmMetricsLayout.SLOTS + coreCount];
            kinds = new byte[names.length];
            sampleValues = new double[names.length];
        }
        int a = 0;
        long attributeMask = 0;
        for (int i = 0; i < ATTRIBUTES; i++) {
            if (attributes[i] != null) {
                attributeKeys[a] = VmMetricsLayout.ATTRIBUTES[i];
                attributeValues[a++] = attributes[i];
                attributeMask |= 1L << i;
            }
        }
        // The same fields and cores as the previous event: the same names, kinds and attribute
        // keys, so only the values are gathered.
        long sentCores = coreMask();
        boolean sameShape =
                present == lastPresent
                        && coreCount == lastCoreCount
                        && coreCount <= Long.SIZE
                        && sentCores == lastCoreMask
                        && attributeMask == lastAttributeMask;
        int n = 0;
        for (Section s : VmMetricsLayout.SECTIONS) {
            for (int i = 0; i < s.fields.length; i++) {
                int slot = s.firstSlot + i;
                if ((present & (1L << slot)) != 0) {
                    if (!sameShape) {
                        names[n] = s.names[i];
                        kinds[n] = s.kinds[i].code();
                    }
                    sampleValues[n++] = values[slot];
                }
            }
            if (s.hasPerCore) {
                for (int c = 0; c < coreCount; c++) {
                    if (coreSent[c]) {
                        if (!sameShape) {
                            names[n] = VmMetricsLayout.coreName(c);
                            kinds[n] = MetricKind.GAUGE.code();
                        }
                        sampleValues[n++] = cores[c];
                    }
                }
            }
        }
        if (n == 0) {
            return null;
        }
        if (!sameShape) {
            if (!sameStrings(lastNames, names, n) || !sameBytes(lastKinds, kinds, n)) {
                lastNames = Arrays.copyOf(names, n);
                lastKinds = Arrays.copyOf(kinds, n);
            }
            if (!sameStrings(lastAttributeKeys, attributeKeys, a)) {
                lastAttributeKeys = Arrays.copyOf(attributeKeys, a);
            }
            lastPresent = present;
            lastCoreCount = coreCount;
            lastCoreMask = sentCores;
            lastAttributeMask = attributeMask;
        }
        ResourceSamples out = new ResourceSamples();
        out.resourceKey = resourceKey;
        out.resourceType = VmMetricsLayout.RESOURCE_TYPE;
        out.timestamp = timestamp;
        out.names = lastNames;
        out.kinds = lastKinds;
        out.values = Arrays.copyOf(sampleValues, n);
        out.attributeKeys = lastAttributeKeys;
        out.attributeValues = Arrays.copyOf(attributeValues, a);
        return out;
    }

    /** Which of the first 64 per-core values were sent. */
    private long coreMask() {
        long mask = 0;
        for (int c = 0; c < Math.min(coreCount, Long.SIZE); c++) {
            if (coreSent[c]) {
                mask |= 1L << c;
            }
        }
        return mask;
    }

    /** Whether {@code last} holds exactly the first {@code n} strings, as the same instances. */
    private static boolean sameStrings(String[] last, String[] current, int n) {
        if (last.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (last[i] != current[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBytes(byte[] last, byte[] current, int n) {
        return last.length == n && Arrays.equals(last, 0, n, current, 0, n);
    }
}
