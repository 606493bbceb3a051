package io.metricpipe.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileTest {
    private static final List<Duration> SIZES =
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5));
    private static final Duration RETENTION = Duration.ofHours(1);

    private static RuleFile.Parsed parse(String text) {
        return RuleFile.parse(text, SIZES, RETENTION);
    }

    @Test
    void aListOrARulesMappingInYamlOrJson() {
        String rule = "{name: cpu, metric: cpu.usage_percent, threshold: 80, period: 5m}";
        for (String text :
                List.of(
                        "- " + rule,
                        "rules:\n  - " + rule,
                        "[{\"name\":\"cpu\",\"metric\":\"cpu.usage_percent\",\"threshold\":80,"
                                + "\"period\":\"5m\"}]")) {
            RuleFile.Parsed p = parse(text);
            assertThat(p.fileProblem).as(text).isNull();
            assertThat(p.problems).isEmpty();
            assertThat(p.rules)
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.name).isEqualTo("cpu");
                                assertThat(r.period).isEqualTo(Duration.ofMinutes(5));
                                assertThat(r.threshold).isEqualTo(80);
                            });
        }
    }

    @Test
    void anInvalidRuleIsRejectedWithItsProblemsAndTheOthersApply() {
        RuleFile.Parsed p =
                parse(
                        "rules:\n"
                                + "  - {name: ok, metric: m, threshold: 1}\n"
                                + "  - {name: no-threshold, metric: m, period: 2m}\n"
                                + "  - {name: typo, metric: m, threshold: 1, treshold: 2}\n"
                                + "  - {name: ok, metric: other, threshold: 3}\n"
                                + "  - {name: long, metric: m, threshold: 1, evaluationPeriods: 90}\n");

        assertThat(p.fileProblem).isNull();
        assertThat(p.rules).extracting(r -> r.name).containsExactly("ok");
        assertThat(p.rules.get(0).metric).isEqualTo("m");
        assertThat(p.problems.keySet())
                .containsExactly("rules[1]", "rules[2]", "rules[3]", "rules[4]");
        assertThat(p.problems.get("rules[1]"))
                .contains("rules[1].threshold: required, a finite number")
                .contains("rules[1].period: PT2M must be one of windows.sizes");
        assertThat(p.problems.get("rules[2]")).contains("is not a rule").contains("treshold");
        assertThat(p.problems.get("rules[3]"))
                .isEqualTo("rules[3].name: 'ok' is used by an earlier rule");
        assertThat(p.problems.get("rules[4]")).contains("longer than alerts.stateRetention 1h");
        assertThat(p.rejected)
                .as("'ok' is applied by rules[0], so it is not kept from before")
                .containsExactlyInAnyOrder("no-threshold", "typo", "long");
    }

    @Test
    void aFileThatDoesNotParseOrIsEmptyIsRejectedWhole() {
        assertThat(parse("rules: [ {name: a").fileProblem).startsWith("is not valid YAML or JSON");
        assertThat(parse("").fileProblem).contains("rules: []");
        assertThat(parse("name: a").fileProblem).contains("a list of rules");
        RuleFile.Parsed none = parse("rules: []");
        assertThat(none.fileProblem).isNull();
        assertThat(none.rules).isEmpty();
    }
}
