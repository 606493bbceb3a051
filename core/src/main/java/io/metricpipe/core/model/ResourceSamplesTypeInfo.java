package io.metricpipe.core.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Named by the {@code @TypeInfo} annotation of {@link ResourceSamples}: its own serializer. */
public final class ResourceSamplesTypeInfo extends TypeInfoFactory<ResourceSamples> {
    @Override
    public TypeInformation<ResourceSamples> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new OwnSerializerTypeInfo<>(ResourceSamples.class, ResourceSamplesSerializer::new);
    }
}
