package io.metricpipe.core.model;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of an own serializer, holding the version of the format its state was written in. On
 * restore, {@link #restoreSerializer()} reads that format; when the current serializer writes a
 * newer one, Flink is told to migrate (read with the old, write with the new). A new format adds a
 * version and keeps the reader of every earlier one.
 *
 * <p>Snapshot version 3 is Flink's {@code SimpleTypeSerializerSnapshot}, which these classes
 * extended before formats had versions (the only version our jobs ever wrote): its state is format
 * 1.
 */
public abstract class FormatVersionSnapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int SNAPSHOT_VERSION = 4;

    private int format;

    protected FormatVersionSnapshot() {
        this.format = currentFormat();
    }

    /** The format the current serializer writes. */
    protected abstract int currentFormat();

    /** A serializer that reads the given format, one from 1 to {@link #currentFormat()}. */
    protected abstract TypeSerializer<T> serializerFor(int format);

    /** The format of the state this snapshot describes. */
    public int format() {
        return format;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(format);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        switch (readVersion) {
            case SNAPSHOT_VERSION:
                format = in.readInt();
                break;
            case 3:
                format = 1;
                break;
            default:
                throw new IOException("unknown snapshot version " + readVersion);
        }
        if (format < 1 || format > currentFormat()) {
            // A newer jar's state: fail on restore, not on the first record.
            throw new IOException(
                    "unknown format " + format + " of " + getClass().getName() + " state");
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return serializerFor(format);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int old = ((FormatVersionSnapshot<T>) oldSnapshot).format;
        if (old == format) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return old < format
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
