package io.metricpipe.core.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Binds {@link ResourceSamples} to {@link ResourceSamplesSerializer} wherever Flink needs it. */
public final class ResourceSamplesTypeInfo extends TypeInformation<ResourceSamples> {
    private static final long serialVersionUID = 1L;

    /** Named by the {@code @TypeInfo} annotation of {@link ResourceSamples}. */
    public static final class Factory extends TypeInfoFactory<ResourceSamples> {
        @Override
        public TypeInformation<ResourceSamples> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ResourceSamplesTypeInfo();
        }
    }

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
    public Class<ResourceSamples> getTypeClass() {
        return ResourceSamples.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TypeSerializer<ResourceSamples> createSerializer(ExecutionConfig config) {
        return new ResourceSamplesSerializer();
    }

    @Override
    public String toString() {
        return "ResourceSamples";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ResourceSamplesTypeInfo;
    }

    @Override
    public int hashCode() {
        return ResourceSamplesTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof ResourceSamplesTypeInfo;
    }
}
