package io.metricpipe.core.model;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The wire and state form of {@link WindowResult}. Every window result crosses at least one shuffle
 * on its way to the sinks, and the POJO serializer, which reads and writes its ~40 metrics field by
 * field through reflection and boxes every double, cost more than aggregating the window. A metric
 * writes only the statistics its kind has: a bit per double that is not NaN, then those.
 */
public final class WindowResultSerializer extends OwnSerializer<WindowResult> {
    private static final long serialVersionUID = 1L;

    public static final WindowResultSerializer INSTANCE = new WindowResultSerializer();

    @Override
    public WindowResult createInstance() {
        return new WindowResult();
    }

    @Override
    public WindowResult copy(WindowResult from) {
        WindowResult r = new WindowResult();
        r.resourceKey = from.resourceKey;
        r.resourceType = from.resourceType;
        r.windowStart = from.windowStart;
        r.windowSizeMs = from.windowSizeMs;
        r.revision = from.revision;
        if (from.metrics != null) {
            r.metrics = new MetricStats[from.metrics.length];
            for (int i = 0; i < r.metrics.length; i++) {
                r.metrics[i] = from.metrics[i].copy();
            }
        }
        r.attributeKeys = from.attributeKeys == null ? null : from.attributeKeys.clone();
        r.attributeValues = from.attributeValues == null ? null : from.attributeValues.clone();
        return r;
    }

    @Override
    public void serialize(WindowResult r, DataOutputView out) throws IOException {
        StringValue.writeString(r.resourceKey, out);
        StringValue.writeString(r.resourceType, out);
        out.writeLong(r.windowStart);
        out.writeLong(r.windowSizeMs);
        out.writeInt(r.revision);
        if (r.metrics == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.metrics.length);
            for (MetricStats m : r.metrics) {
                serialize(m, out);
            }
        }
        writeStrings(r.attributeKeys, out);
        writeStrings(r.attributeValues, out);
    }

    private static void serialize(MetricStats m, DataOutputView out) throws IOException {
        StringValue.writeString(m.name, out);
        out.writeByte(m.kind);
        StringValue.writeString(m.unit, out);
        out.writeLong(m.count);
        out.writeLong(m.lastTimestamp);
        out.writeLong(m.firstTimestamp);
        int present =
                bit(m.sum, 0)
                        | bit(m.min, 1)
                        | bit(m.max, 2)
                        | bit(m.last, 3)
                        | bit(m.first, 4)
                        | bit(m.p50, 5)
                        | bit(m.p90, 6)
                        | bit(m.p95, 7)
                        | bit(m.p99, 8)
                        | bit(m.increase, 9)
                        | bit(m.rate, 10)
                        | bit(m.distinct, 11);
        out.writeShort(present);
        writeIf(present, 0, m.sum, out);
        writeIf(present, 1, m.min, out);
        writeIf(present, 2, m.max, out);
        writeIf(present, 3, m.last, out);
        writeIf(present, 4, m.first, out);
        writeIf(present, 5, m.p50, out);
        writeIf(present, 6, m.p90, out);
        writeIf(present, 7, m.p95, out);
        writeIf(present, 8, m.p99, out);
        writeIf(present, 9, m.increase, out);
        writeIf(present, 10, m.rate, out);
        writeIf(present, 11, m.distinct, out);
        if (m.sketch == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(m.sketch.length);
            out.write(m.sketch);
        }
        if (m.values == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(m.values.length);
            for (double v : m.values) {
                out.writeDouble(v);
            }
        }
    }

    @Override
    public WindowResult deserialize(DataInputView in) throws IOException {
        WindowResult r = new WindowResult();
        r.resourceKey = StringValue.readString(in);
        r.resourceType = StringValue.readString(in);
        r.windowStart = in.readLong();
        r.windowSizeMs = in.readLong();
        r.revision = in.readInt();
        int n = in.readInt();
        if (n >= 0) {
            r.metrics = new MetricStats[n];
            for (int i = 0; i < n; i++) {
                r.metrics[i] = deserializeMetric(in);
            }
        }
        r.attributeKeys = readStrings(in);
        r.attributeValues = readStrings(in);
        return r;
    }

    private static MetricStats deserializeMetric(DataInputView in) throws IOException {
        MetricStats m = new MetricStats();
        m.name = StringValue.readString(in);
        m.kind = in.readByte();
        m.unit = StringValue.readString(in);
        m.count = in.readLong();
        m.lastTimestamp = in.readLong();
        m.firstTimestamp = in.readLong();
        int present = in.readShort();
        m.sum = readIf(present, 0, in);
        m.min = readIf(present, 1, in);
        m.max = readIf(present, 2, in);
        m.last = readIf(present, 3, in);
        m.first = readIf(present, 4, in);
        m.p50 = readIf(present, 5, in);
        m.p90 = readIf(present, 6, in);
        m.p95 = readIf(present, 7, in);
        m.p99 = readIf(present, 8, in);
        m.increase = readIf(present, 9, in);
        m.rate = readIf(present, 10, in);
        m.distinct = readIf(present, 11, in);
        int sketchLength = in.readInt();
        if (sketchLength >= 0) {
            m.sketch = new byte[sketchLength];
            in.readFully(m.sketch);
        }
        int values = in.readInt();
        if (values >= 0) {
            m.values = new double[values];
            for (int i = 0; i < values; i++) {
                m.values[i] = in.readDouble();
            }
        }
        return m;
    }

    private static int bit(double value, int index) {
        return Double.isNaN(value) ? 0 : 1 << index;
    }

    private static void writeIf(int present, int index, double value, DataOutputView out)
            throws IOException {
        if ((present & (1 << index)) != 0) {
            out.writeDouble(value);
        }
    }

    private static double readIf(int present, int index, DataInputView in) throws IOException {
        return (present & (1 << index)) != 0 ? in.readDouble() : Double.NaN;
    }

    private static void writeStrings(String[] strings, DataOutputView out) throws IOException {
        if (strings == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(strings.length);
        for (String s : strings) {
            StringValue.writeString(s, out);
        }
    }

    private static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] strings = new String[n];
        for (int i = 0; i < n; i++) {
            strings[i] = StringValue.readString(in);
        }
        return strings;
    }

    @Override
    public TypeSerializerSnapshot<WindowResult> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 1: the one above. */
    public static final class Snapshot extends FormatVersionSnapshot<WindowResult> {
        static final int FORMAT = 1;

        @Override
        protected int currentFormat() {
            return FORMAT;
        }

        @Override
        protected TypeSerializer<WindowResult> serializerFor(int format) {
            return INSTANCE;
        }
    }
}
