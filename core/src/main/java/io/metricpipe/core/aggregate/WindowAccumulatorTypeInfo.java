package io.metricpipe.core.aggregate;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information that binds {@link WindowAccumulator} to its own serializer, never Kryo. */
public final class WindowAccumulatorTypeInfo extends TypeInformation<WindowAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<WindowAccumulator> getTypeClass() {
        return WindowAccumulator.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TypeSerializer<WindowAccumulator> createSerializer(ExecutionConfig config) {
        return WindowAccumulatorSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "WindowAccumulator";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WindowAccumulatorTypeInfo;
    }

    @Override
    public int hashCode() {
        return WindowAccumulatorTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof WindowAccumulatorTypeInfo;
    }
}
