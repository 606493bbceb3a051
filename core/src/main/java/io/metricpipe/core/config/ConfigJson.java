package io.metricpipe.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;

/**
 * How configuration text binds to the typed model, for the configuration file and the alert rule
 * file alike: durations written {@code 500ms}, {@code 5m}, {@code 7d} ({@link Durations}), unknown
 * keys and nulls for numbers refused.
 */
public final class ConfigJson {
    private ConfigJson() {}

    /** A YAML mapper (which reads JSON too) with the configuration's rules. */
    public static ObjectMapper yaml() {
        return configure(new ObjectMapper(new YAMLFactory()));
    }

    /** A JSON mapper with the configuration's rules. */
    public static ObjectMapper json() {
        return configure(new ObjectMapper());
    }

    private static ObjectMapper configure(ObjectMapper m) {
        SimpleModule durations = new SimpleModule("metricpipe-durations");
        durations.addDeserializer(Duration.class, new DurationDeserializer());
        durations.addSerializer(Duration.class, new DurationSerializer());
        return m.registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                throw MismatchedInputException.from(p, Duration.class, "expected a duration");
            }
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

    private static final class DurationSerializer extends StdScalarSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(Durations.label(value));
        }
    }
}
