package io.braid.devstack.tune;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VerdictsTest {

    static CaseResult result(String name, int failures, double... itemsPerSecond) {
        List<CaseResult.Repeat> repeats = DoubleStream.of(itemsPerSecond)
                .mapToObj(v -> new CaseResult.Repeat(v, 10, 0)).toList();
        if (failures > 0) {
            repeats = new java.util.ArrayList<>(repeats);
            repeats.set(0, new CaseResult.Repeat(itemsPerSecond[0], 10, failures));
        }
        return new CaseResult(new TuneCase(name, name.equals("c0") ? List.of()
                : List.of(new Setting("m", "instances", 2))), repeats, new double[]{30, 10, 20, 40}, List.of());
    }

    @Test
    void spreadIsMaxMinusMinOverTheMeanOfTheRepeats() {
        CaseResult r = result("c1", 0, 95, 100, 105);
        assertThat(r.throughput()).isCloseTo(100, within(1e-9));
        assertThat(r.spreadPercent()).isCloseTo(10, within(1e-9));
        assertThat(r.p50()).isEqualTo(20);
        assertThat(r.p99()).isEqualTo(40);
    }

    @Test
    void aCaseIsRecommendedOnlyWhenTrustedFailureFreeAndAtLeast15PercentFaster() {
        List<Verdicts.Judged> judged = Verdicts.judge(List.of(
                result("c0", 0, 100, 101, 99),
                result("c1", 0, 120, 121, 119),      // +20 %, spread 1.7 %
                result("c2", 0, 114, 115, 116),      // +15.0 %: exactly at the bar
                result("c3", 0, 114, 114.5, 114),    // +14.2 %
                result("c4", 1, 150, 150, 150),      // fast but a failure
                result("c5", 0, 120, 140, 160)));    // fast but spread 28.6 %
        assertThat(judged).extracting(Verdicts.Judged::verdict).containsExactly(Verdicts.Verdict.BASELINE,
                Verdicts.Verdict.RECOMMENDED, Verdicts.Verdict.RECOMMENDED, Verdicts.Verdict.TOO_SMALL,
                Verdicts.Verdict.REJECTED, Verdicts.Verdict.UNTRUSTED);
        assertThat(judged.get(1).gainPercent()).isCloseTo(20, within(1e-9));
        assertThat(Verdicts.best(judged)).hasValueSatisfying(b -> assertThat(b.result().tuneCase().name()).isEqualTo("c1"));
    }

    @Test
    void aSpreadOfExactly5PercentIsTrusted() {
        List<Verdicts.Judged> judged = Verdicts.judge(List.of(result("c0", 0, 100, 100, 100),
                result("c1", 0, 117, 123, 120)));
        assertThat(judged.get(1).result().spreadPercent()).isCloseTo(5, within(1e-6));
        assertThat(judged.get(1).verdict()).isEqualTo(Verdicts.Verdict.RECOMMENDED);
    }

    @Test
    void nothingIsRecommendedAgainstABaselineWithFailuresOrTooMuchSpread() {
        for (CaseResult base : List.of(result("c0", 2, 100, 100, 100), result("c0", 0, 90, 100, 110))) {
            List<Verdicts.Judged> judged = Verdicts.judge(List.of(base, result("c1", 0, 150, 150, 150)));
            assertThat(judged.get(1).verdict()).isEqualTo(Verdicts.Verdict.BASELINE_UNSURE);
            assertThat(Verdicts.best(judged)).isEmpty();
        }
    }
}
