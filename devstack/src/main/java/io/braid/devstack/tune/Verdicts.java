package io.braid.devstack.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules that turn measurements into verdicts: a case with any failure is rejected; a case whose repeats
 * differ by more than {@value #MAX_SPREAD_PERCENT} % is not trusted; a case is recommended only when it is
 * failure-free, trusted, measured against a failure-free and trusted baseline, and gains at least
 * {@value #MIN_GAIN_PERCENT} % items/s over it. The best recommendation is the one with the most items/s.
 */
public final class Verdicts {
    /** Largest spread between repeats of a trusted case. */
    public static final double MAX_SPREAD_PERCENT = 5.0;
    /** Smallest gain over the current configuration worth recommending. */
    public static final double MIN_GAIN_PERCENT = 15.0;

    /** A case's verdict. */
    public enum Verdict {
        BASELINE("current configuration"),
        REJECTED("rejected: failures"),
        UNTRUSTED("not trusted: spread > " + (int) MAX_SPREAD_PERCENT + " %"),
        BASELINE_UNSURE("not recommended: the baseline is not trusted or failed"),
        TOO_SMALL("gain < " + (int) MIN_GAIN_PERCENT + " %"),
        RECOMMENDED("recommended");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * @param result      the measurements
     * @param gainPercent items/s over the baseline's, minus 100 %
     * @param verdict     what the rules say
     */
    public record Judged(CaseResult result, double gainPercent, Verdict verdict) {
    }

    /** Rounding slack of the comparisons, so that exactly 5 % or 15 % meets the bar. */
    private static final double SLACK = 1e-9;

    private Verdicts() {
    }

    /** Judges every result against the first, which is the baseline. */
    public static List<Judged> judge(List<CaseResult> results) {
        CaseResult base = results.get(0);
        boolean baseSound = base.failures() == 0 && base.spreadPercent() <= MAX_SPREAD_PERCENT + SLACK;
        List<Judged> out = new ArrayList<>();
        for (CaseResult r : results) {
            double gain = base.throughput() > 0 ? (r.throughput() / base.throughput() - 1) * 100 : Double.NaN;
            Verdict v;
            if (r == base) {
                v = Verdict.BASELINE;
            } else if (r.failures() > 0) {
                v = Verdict.REJECTED;
            } else if (r.spreadPercent() > MAX_SPREAD_PERCENT + SLACK) {
                v = Verdict.UNTRUSTED;
            } else if (!baseSound) {
                v = Verdict.BASELINE_UNSURE;
            } else if (!(gain >= MIN_GAIN_PERCENT - SLACK)) {
                v = Verdict.TOO_SMALL;
            } else {
                v = Verdict.RECOMMENDED;
            }
            out.add(new Judged(r, gain, v));
        }
        return out;
    }

    /** The recommended case with the most items/s, if any. */
    public static Optional<Judged> best(List<Judged> judged) {
        return judged.stream().filter(j -> j.verdict() == Verdict.RECOMMENDED)
                .max(Comparator.comparingDouble(j -> j.result().throughput()));
    }
}
