package io.metricpipe.sinks.otlp;

import io.metricpipe.core.model.WindowResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/** Buffered window results in the sink's checkpointed state, in Flink's POJO format. */
final class WindowResultStateSerializer extends AsyncSinkWriterStateSerializer<WindowResult> {
    private static final TypeSerializer<WindowResult> POJO =
            TypeInformation.of(WindowResult.class).createSerializer(new SerializerConfigImpl());

    @Override
    protected void serializeRequestToStream(WindowResult r, DataOutputStream out)
            throws IOException {
        POJO.serialize(r, new DataOutputViewStreamWrapper(out));
    }

    @Override
    protected WindowResult deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        return POJO.deserialize(new DataInputViewStreamWrapper(in));
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
