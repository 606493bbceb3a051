package io.metricpipe.core.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Named by the {@code @TypeInfo} annotation of each type on the hot path that has its own
 * serializer, so that Flink picks that serializer wherever the type appears: as a record, in state,
 * or as a field of a POJO.
 */
public final class OwnSerializers extends TypeInfoFactory<Object> {
    private static final Map<Class<?>, SerializableSupplier<TypeSerializer<?>>> SERIALIZERS =
            Map.of(
                    ResourceSamples.class,
                    ResourceSamplesSerializer::new,
                    WindowResult.class,
                    () -> WindowResultSerializer.INSTANCE);

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public TypeInformation<Object> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        SerializableSupplier serializer = SERIALIZERS.get(t);
        if (serializer == null) {
            throw new IllegalArgumentException(t + " has no serializer of its own");
        }
        return new OwnSerializerTypeInfo<>((Class<Object>) t, serializer);
    }
}
