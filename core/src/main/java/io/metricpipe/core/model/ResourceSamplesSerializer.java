package io.metricpipe.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The wire form of {@link ResourceSamples}, the one record per event that crosses the shuffle. The
 * metric names and attribute keys of an event type repeat in every event, so each of those arrays
 * goes as one UTF-8 block. The writing side encodes an array once while the same array comes again;
 * the reading side keeps the arrays it has seen by their bytes: events of the same shape share one
 * array of the same strings, whose hash codes are computed once. A serializer instance is used by
 * one thread ({@link #duplicate()} makes fresh caches).
 */
public final class ResourceSamplesSerializer extends OwnSerializer<ResourceSamples> {
    private static final long serialVersionUID = 1L;

    /** Distinct name arrays remembered per instance; beyond it, the cache starts over. */
    private static final int CACHE_LIMIT = 4096;

    /** Block slots: the metric names and the attribute keys of a record. */
    private static final int NAMES = 0;

    private static final int ATTRIBUTE_KEYS = 1;

    private transient Caches caches;

    /** What this instance remembers between records; never shipped with the serializer. */
    private static final class Caches {
        final Map<Block, String[]> seen = new HashMap<>();
        byte[] scratch = new byte[1024];

        /**
         * Per slot, the array last written and its encoding. The decoders hand consecutive events
         * of one shape the same arrays (which nobody modifies once emitted), so most blocks are
         * written from here without encoding a string.
         */
        final String[][] lastWritten = new String[2][];

        final byte[][] lastEncoded = new byte[2][];

        /** Per slot, the block last read and its strings: most records repeat that shape. */
        final byte[][] lastRead = new byte[2][];

        final String[][] lastReadStrings = new String[2][];

        /**
         * Resource keys, types and attribute values repeat from record to record: read, as one
         * string per value ({@link StringCache}); written, from the bytes of the same string (by
         * identity) written before.
         */
        final StringCache read = new StringCache(StringCache.SLOTS);

        final IdentityCache<String, byte[]> written =
                new IdentityCache<>(StringCache.SLOTS, s -> s.getBytes(StandardCharsets.UTF_8));
    }

    private Caches caches() {
        if (caches == null) {
            caches = new Caches();
        }
        return caches;
    }

    /** The first {@code length} bytes of an encoded string array, compared by content. */
    private static final class Block {
        final byte[] bytes;
        final int length;
        final int hash;

        Block(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
            int h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Block)) {
                return false;
            }
            Block b = (Block) o;
            return Arrays.equals(bytes, 0, length, b.bytes, 0, b.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Override
    public TypeSerializer<ResourceSamples> duplicate() {
        return new ResourceSamplesSerializer();
    }

    @Override
    public ResourceSamples createInstance() {
        return new ResourceSamples();
    }

    @Override
    public ResourceSamples copy(ResourceSamples from) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = from.resourceKey;
        s.resourceType = from.resourceType;
        s.timestamp = from.timestamp;
        s.names = from.names.clone();
        s.values = from.values.clone();
        s.kinds = from.kinds.clone();
        s.labels = from.labels == null ? null : from.labels.clone();
        s.units = from.units == null ? null : from.units.clone();
        s.attributeKeys = from.attributeKeys.clone();
        s.attributeValues = from.attributeValues.clone();
        s.sourcePosition = from.sourcePosition;
        return s;
    }

    @Override
    public void serialize(ResourceSamples s, DataOutputView out) throws IOException {
        writeRepeating(out, s.resourceKey);
        writeRepeating(out, s.resourceType);
        out.writeLong(s.timestamp);
        writeBlock(out, s.names, NAMES);
        int n = s.names.length;
        for (int i = 0; i < n; i++) {
            out.writeDouble(s.values[i]);
        }
        out.write(s.kinds, 0, n);
        writeNullableArray(out, s.labels);
        writeNullableArray(out, s.units);
        writeBlock(out, s.attributeKeys, ATTRIBUTE_KEYS);
        out.writeInt(s.attributeValues.length);
        for (String v : s.attributeValues) {
            writeRepeating(out, v);
        }
        writeString(out, s.sourcePosition);
    }

    @Override
    public ResourceSamples deserialize(DataInputView in) throws IOException {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = readRepeating(in);
        s.resourceType = readRepeating(in);
        s.timestamp = in.readLong();
        s.names = readBlock(in, NAMES);
        int n = s.names.length;
        s.values = new double[n];
        for (int i = 0; i < n; i++) {
            s.values[i] = in.readDouble();
        }
        s.kinds = new byte[n];
        in.readFully(s.kinds);
        s.labels = readNullableArray(in);
        s.units = readNullableArray(in);
        s.attributeKeys = readBlock(in, ATTRIBUTE_KEYS);
        s.attributeValues = new String[in.readInt()];
        for (int i = 0; i < s.attributeValues.length; i++) {
            s.attributeValues[i] = readRepeating(in);
        }
        s.sourcePosition = readString(in);
        return s;
    }

    /** A string array as one block: its byte length, then its count, each length and UTF-8. */
    private void writeBlock(DataOutputView out, String[] strings, int slot) throws IOException {
        Caches c = caches();
        if (strings != c.lastWritten[slot]) {
            c.lastEncoded[slot] = encodeBlock(strings);
            c.lastWritten[slot] = strings;
        }
        out.write(c.lastEncoded[slot]);
    }

    private static byte[] encodeBlock(String[] strings) throws IOException {
        DataOutputSerializer block = new DataOutputSerializer(64 + strings.length * 32);
        block.writeInt(0);
        block.writeInt(strings.length);
        for (String s : strings) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            block.writeInt(b.length);
            block.write(b);
        }
        byte[] bytes = block.getCopyOfBuffer();
        int size = bytes.length - 4;
        bytes[0] = (byte) (size >>> 24);
        bytes[1] = (byte) (size >>> 16);
        bytes[2] = (byte) (size >>> 8);
        bytes[3] = (byte) size;
        return bytes;
    }

    private String[] readBlock(DataInputView in, int slot) throws IOException {
        Caches c = caches();
        int size = in.readInt();
        readIntoScratch(in, size);
        byte[] last = c.lastRead[slot];
        if (last != null && Arrays.equals(last, 0, last.length, c.scratch, 0, size)) {
            return c.lastReadStrings[slot];
        }
        String[] strings = c.seen.get(new Block(c.scratch, size));
        byte[] bytes = Arrays.copyOf(c.scratch, size);
        if (strings == null) {
            strings = decodeBlock(bytes);
            if (c.seen.size() >= CACHE_LIMIT) {
                c.seen.clear();
            }
            c.seen.put(new Block(bytes, size), strings);
        }
        c.lastRead[slot] = bytes;
        c.lastReadStrings[slot] = strings;
        return strings;
    }

    private static String[] decodeBlock(byte[] b) {
        int pos = 0;
        int count = readInt(b, pos);
        pos += 4;
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            int len = readInt(b, pos);
            pos += 4;
            strings[i] = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
        }
        return strings;
    }

    private static int readInt(byte[] b, int pos) {
        return (b[pos] & 0xff) << 24
                | (b[pos + 1] & 0xff) << 16
                | (b[pos + 2] & 0xff) << 8
                | (b[pos + 3] & 0xff);
    }

    /** The next {@code length} bytes into {@code caches().scratch}. */
    private void readIntoScratch(DataInputView in, int length) throws IOException {
        Caches c = caches();
        if (c.scratch.length < length) {
            c.scratch = new byte[length];
        }
        in.readFully(c.scratch, 0, length);
    }

    /** As {@link #writeString}, from the bytes of the previous write of the same string. */
    private void writeRepeating(DataOutputView out, String s) throws IOException {
        writeUtf8(out, s == null ? null : caches().written.get(s));
    }

    /** As {@link #readString}, the same string for the same bytes while they stay cached. */
    private String readRepeating(DataInputView in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            return null;
        }
        readIntoScratch(in, len);
        return caches().read.of(caches().scratch, 0, len);
    }

    private static void writeString(DataOutputView out, String s) throws IOException {
        writeUtf8(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    /** A string's length and UTF-8 bytes; -1 for null. */
    private static void writeUtf8(DataOutputView out, byte[] utf8) throws IOException {
        if (utf8 == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputView in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeArray(DataOutputView out, String[] strings) throws IOException {
        out.writeInt(strings.length);
        for (String s : strings) {
            writeString(out, s);
        }
    }

    private static String[] readArray(DataInputView in) throws IOException {
        String[] strings = new String[in.readInt()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = readString(in);
        }
        return strings;
    }

    private static void writeNullableArray(DataOutputView out, String[] strings)
            throws IOException {
        out.writeBoolean(strings != null);
        if (strings != null) {
            writeArray(out, strings);
        }
    }

    private static String[] readNullableArray(DataInputView in) throws IOException {
        return in.readBoolean() ? readArray(in) : null;
    }

    @Override
    public TypeSerializerSnapshot<ResourceSamples> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 1: the one above; a restored job reads it with a fresh serializer (own caches). */
    public static final class Snapshot extends FormatVersionSnapshot<ResourceSamples> {
        static final int FORMAT = 1;

        @Override
        protected int currentFormat() {
            return FORMAT;
        }

        @Override
        protected TypeSerializer<ResourceSamples> serializerFor(int format) {
            return new ResourceSamplesSerializer();
        }
    }
}
