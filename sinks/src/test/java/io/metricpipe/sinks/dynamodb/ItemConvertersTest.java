package io.metricpipe.sinks.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.derive.DerivedMetrics;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.RawEvent;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemConvertersTest {
    private static final long T0 = 1_763_856_000_000L;

    static WindowResult result() {
        MetricStats cpu = new MetricStats();
        cpu.name = "cpu.usage_percent";
        cpu.kind = MetricKind.GAUGE.code();
        cpu.unit = "%";
        cpu.count = 4;
        cpu.sum = 10;
        cpu.min = 1;
        cpu.max = 4;
        cpu.last = 3;
        cpu.p50 = 2;
        cpu.p90 = 4;
        cpu.p95 = 4;
        cpu.p99 = 4;
        MetricStats rx = new MetricStats();
        rx.name = "network.bytes_recv";
        rx.kind = MetricKind.COUNTER.code();
        rx.count = 2;
        rx.first = 100;
        rx.last = 700;
        rx.increase = 600;
        rx.rate = 10;
        WindowResult r = new WindowResult();
        r.resourceKey = "host/web-01";
        r.resourceType = "host";
        r.windowStart = T0;
        r.windowSizeMs = 60_000;
        r.revision = 2;
        r.metrics = new MetricStats[] {cpu, rx};
        r.attributeKeys = new String[] {"platform"};
        r.attributeValues = new String[] {"Linux"};
        return r;
    }

    @Test
    void aggregateItemHasTheDocumentedKeysStatisticsAndTtl() {
        Map<String, AttributeValue> item = new AggregateItems(Duration.ofDays(30)).toItem(result());

        assertThat(item.get("resource").s()).isEqualTo("host/web-01#1m");
        assertThat(item.get("windowStart").n()).isEqualTo(Long.toString(T0));
        assertThat(item.get("windowEnd").n()).isEqualTo(Long.toString(T0 + 60_000));
        assertThat(item.get("revision").n()).isEqualTo("2");
        assertThat(item.get("expiresAt").n())
                .isEqualTo(Long.toString((T0 + 60_000) / 1000 + 30 * 86_400));
        Map<String, AttributeValue> cpu = item.get("metrics").m().get("cpu.usage_percent").m();
        assertThat(cpu.get("kind").s()).isEqualTo("gauge");
        assertThat(cpu.get("unit").s()).isEqualTo("%");
        assertThat(cpu.get("avg").n()).isEqualTo("2.5");
        assertThat(cpu.keySet())
                .containsExactly(
                        "kind", "unit", "count", "sum", "min", "max", "avg", "last", "p50", "p90",
                        "p95", "p99");
        Map<String, AttributeValue> rx = item.get("metrics").m().get("network.bytes_recv").m();
        assertThat(rx.get("rate").n()).isEqualTo("10");
        assertThat(rx.get("increase").n()).isEqualTo("600");
        assertThat(rx).doesNotContainKey("sum");
        assertThat(item.get("attributes").m().get("platform").s()).isEqualTo("Linux");
        assertThat(
                        new ItemGuard(new AggregateItems(Duration.ofDays(1)).keyAttributes())
                                .check(item))
                .isNull();
    }

    @Test
    void theArnKeyIndexesAMatchedAgentWindowAndAPolledOneUnderTheSameArn() {
        String arn = "arn:aws:ec2:eu-west-1:123456789012:instance/i-1";
        AggregateItems items = new AggregateItems(Duration.ofDays(1));
        assertThat(items.toItem(result()))
                .as("an agent window nothing matched")
                .doesNotContainKey(AggregateItems.ARN_KEY);

        WindowResult matched = result();
        matched.attributeKeys = new String[] {"cloud.resource_id", "platform"};
        matched.attributeValues = new String[] {arn, "Linux"};
        WindowResult polled = result();
        polled.resourceKey = arn;
        polled.resourceType = "ec2";

        assertThat(items.toItem(matched).get(AggregateItems.ARN_KEY).s()).isEqualTo(arn + "#1m");
        assertThat(items.toItem(polled).get(AggregateItems.ARN_KEY).s()).isEqualTo(arn + "#1m");
        assertThat(AggregateItems.arnIndexKeyAttributes())
                .containsExactly(AggregateItems.ARN_KEY, AggregateItems.SORT_KEY);
    }

    @Test
    void derivedMetricsAreItemsDynamoDbAccepts() {
        WindowResult derived = DerivedMetrics.withDerived(result());
        assertThat(derived.metrics).extracting(m -> m.name).contains("use.cpu.utilization");

        Map<String, AttributeValue> item = new AggregateItems(Duration.ofDays(1)).toItem(derived);

        Map<String, AttributeValue> cpu = item.get("metrics").m().get("use.cpu.utilization").m();
        assertThat(cpu.keySet()).containsExactly("kind", "unit", "value");
        assertThat(cpu.get("kind").s()).isEqualTo("derived");
        assertThat(cpu.get("value").n()).isEqualTo("0.025"); // 2.5 % as a ratio
        assertThat(cpu.get("unit").s()).isEqualTo("1");
        assertThat(
                        new ItemGuard(new AggregateItems(Duration.ofDays(1)).keyAttributes())
                                .check(item))
                .isNull();
    }

    @Test
    void counterWithoutRateLeavesTheRateOut() {
        WindowResult r = result();
        r.metrics[1].rate = Double.NaN;
        Map<String, AttributeValue> rx =
                new AggregateItems(Duration.ofDays(1))
                        .toItem(r)
                        .get("metrics")
                        .m()
                        .get("network.bytes_recv")
                        .m();
        assertThat(rx).doesNotContainKey("rate");
    }

    @Test
    void deadLetterIdsSortByTimeAndAreStableAcrossReplays() {
        DeadLetter early =
                DeadLetter.of(DeadLetterReason.LATE, "window:1m", "s-1/7", 999, "late", "{}");
        DeadLetter later =
                DeadLetter.of(DeadLetterReason.LATE, "window:1m", "s-1/8", T0, "late", "{}");
        assertThat(DeadLetterItems.id(early)).isEqualTo("0000000000999#window:1m#s-1/7");
        assertThat(DeadLetterItems.id(early)).isLessThan(DeadLetterItems.id(later));

        Map<String, AttributeValue> item = new DeadLetterItems(Duration.ofDays(7)).toItem(later);
        assertThat(item.get("reason").s()).isEqualTo("late");
        assertThat(item.get("id").s()).isEqualTo(DeadLetterItems.id(later));
        assertThat(item).isEqualTo(new DeadLetterItems(Duration.ofDays(7)).toItem(later));
    }

    @Test
    void compatibilityItemSpreadsTheEventLikeTheLambdaProcessor() {
        String json =
                "{\"type\":\"vm_stats\",\"id\":\"vm-7\",\"timestamp\":1763856000000,"
                        + "\"cpu_usage\":12.5,\"disk\":{\"total\":100,\"ok\":true},"
                        + "\"cores\":[1,2],\"note\":null}";
        Map<String, AttributeValue> item =
                new CompatibilityItems().toItem(RawEvent.of("host/vm-7", T0, json));

        assertThat(item.get("id").s()).isEqualTo("vm-7");
        assertThat(item.get("timestamp").n()).isEqualTo(Long.toString(T0));
        assertThat(item.get("cpu_usage").n()).isEqualTo("12.5");
        assertThat(item.get("disk").m().get("total").n()).isEqualTo("100");
        assertThat(item.get("disk").m().get("ok").bool()).isTrue();
        assertThat(item.get("cores").l())
                .containsExactly(AttributeValue.fromN("1"), AttributeValue.fromN("2"));
        assertThat(item.get("note").nul()).isTrue();
    }

    @Test
    void compatibilityItemWithoutIdUsesTheResourceKey() {
        String json = "{\"type\":\"http-request\",\"timestamp\":1,\"service\":\"checkout\"}";
        assertThat(
                        new CompatibilityItems()
                                .toItem(RawEvent.of("service/checkout", 1, json))
                                .get("id")
                                .s())
                .isEqualTo("service/checkout");
        assertThat(new CompatibilityItems().keyAttributes()).isEqualTo(List.of("id", "timestamp"));
    }

    @Test
    void deadLetterOfARecordWithALoneSurrogateIsStillAValidItem() {
        DeadLetter d =
                DeadLetter.of(
                        DeadLetterReason.ITEM_REJECTED,
                        "dynamodb:analytics-data",
                        "custom/x\ud800/1",
                        1_763_856_000_000L,
                        "'note' is not well-formed Unicode",
                        "{note=\ud800}");
        DeadLetterItems items = new DeadLetterItems(Duration.ofDays(1));
        Map<String, AttributeValue> item = items.toItem(d);
        assertThat(new ItemGuard(items.keyAttributes()).check(item)).isNull();
        assertThat(item.get("payload").s()).isEqualTo("{note=?}");
        assertThat(item.get("position").s()).isEqualTo("custom/x?/1");
    }

    @Test
    void compatibilityItemRoundsIntegersBeyondDynamoDbsPrecision() {
        String digits = "12345678901234567890123456789012345678901234567890";
        String json = "{\"id\":\"a\",\"timestamp\":1,\"big\":" + digits + ",\"ok\":42}";
        Map<String, AttributeValue> item =
                new CompatibilityItems().toItem(RawEvent.of("host/a", 1, json));
        assertThat(new ItemGuard(List.of("id", "timestamp")).check(item)).isNull();
        assertThat(new BigDecimal(item.get("big").n()).doubleValue())
                .isEqualTo(Double.parseDouble(digits));
        assertThat(item.get("ok").n()).isEqualTo("42");
    }

    @Test
    void alertItemIsKeyedByRuleResourceAndTransitionTime() {
        AlertEvaluation e = new AlertEvaluation();
        e.rule = "high-cpu";
        e.resourceKey = "host/web-01";
        e.resourceType = "host";
        e.periodStart = T0;
        e.periodEnd = T0 + 60_000;
        e.previousState = AlertEvaluation.OK;
        e.state = AlertEvaluation.ALARM;
        e.value = Double.NaN;
        e.threshold = 80;
        e.breaching = 2;
        e.evaluationPeriods = 3;
        e.reason = "2 of the last 3 datapoints were > 80.0 (2 present)";
        Map<String, AttributeValue> item = new AlertItems(Duration.ofDays(30)).toItem(e);
        assertThat(item.get("alert").s()).isEqualTo("high-cpu#host/web-01");
        assertThat(item.get("time").n()).isEqualTo(Long.toString(T0 + 60_000));
        assertThat(item.get("from").s()).isEqualTo("OK");
        assertThat(item.get("to").s()).isEqualTo("ALARM");
        assertThat(item.get("breachingDatapoints").n()).isEqualTo("2");
        // A period without data has no value rather than a NaN DynamoDB would reject.
        assertThat(item).doesNotContainKey("value");
        assertThat(new ItemGuard(new AlertItems(Duration.ofDays(1)).keyAttributes()).check(item))
                .isNull();
        assertThat(item).as("nothing known of the resource").doesNotContainKey("attributes");

        e.attributeKeys = new String[] {"aws.resource.name", "aws.tag.env"};
        e.attributeValues = new String[] {"web-01", "prod"};
        Map<String, AttributeValue> known = new AlertItems(Duration.ofDays(30)).toItem(e);
        assertThat(known.get("attributes").m())
                .containsEntry("aws.resource.name", AttributeValue.fromS("web-01"))
                .containsEntry("aws.tag.env", AttributeValue.fromS("prod"));
    }

    @Test
    void resourceItemIsKeyedByScopeAndArnAndARemovalExpires() {
        ResourceItems items = new ResourceItems(Duration.ofDays(30));
        TreeMap<String, String> attributes = new TreeMap<>();
        attributes.put("instanceType", "t3.micro");
        TreeMap<String, String> tags = new TreeMap<>();
        tags.put("Name", "web-01");
        tags.put("team", "");
        String arn = "arn:aws:ec2:eu-west-1:123456789012:instance/i-1";
        Map<String, AttributeValue> item =
                items.toItem(
                        ResourceRecord.of(
                                arn,
                                "ec2:instance",
                                "i-1",
                                "123456789012",
                                "eu-west-1",
                                attributes,
                                tags,
                                T0));
        assertThat(item.get("scope").s()).isEqualTo("123456789012/eu-west-1");
        assertThat(item.get("arn").s()).isEqualTo(arn);
        assertThat(item.get("name").s()).isEqualTo("web-01");
        assertThat(item.get("attributes").m().get("instanceType").s()).isEqualTo("t3.micro");
        assertThat(item.get("tags").m()).containsOnlyKeys("Name", "team");
        assertThat(item.get("removed").bool()).isFalse();
        assertThat(item).doesNotContainKey("expiresAt");

        Map<String, AttributeValue> gone =
                items.toItem(ResourceRecord.removed(arn, "123456789012", "eu-west-1", T0));
        assertThat(gone.get("removed").bool()).isTrue();
        assertThat(gone.get("arn").s()).isEqualTo(arn);
        assertThat(gone.get("expiresAt").n())
                .isEqualTo(Long.toString(T0 / 1000 + Duration.ofDays(30).getSeconds()));
        assertThat(items.keyAttributes()).containsExactly("scope", "arn");
    }
}
