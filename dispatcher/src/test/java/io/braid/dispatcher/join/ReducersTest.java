package io.braid.dispatcher.join;

import io.braid.common.pipeline.PipelineDefinition.Reducer;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.Probabilities;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReducersTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    private static BranchOutput out(double... p) {
        return Probabilities.output(p, LABELS, 3);
    }

    private static Map<String, BranchOutput> outputs(BranchOutput... outs) {
        Map<String, BranchOutput> m = new LinkedHashMap<>();
        for (int i = 0; i < outs.length; i++) {
            m.put("b" + i, outs[i]);
        }
        return m;
    }

    @Test
    void meanAveragesTheProbabilityVectorsAndRanksTheAverage() {
        Reducers.Reduction r = Reducers.reduce(Reducer.MEAN, outputs(out(0.6, 0.3, 0.1), out(0.2, 0.7, 0.1)), LABELS, 2);
        assertThat(r.output().probabilities()).containsExactly(new double[]{0.4, 0.5, 0.1}, within(1e-12));
        assertThat(r.output().label()).isEqualTo("b");
        assertThat(r.output().topK()).extracting(l -> l.label()).containsExactly("b", "a");
    }

    @Test
    void voteTakesTheMajorityLabel() {
        Reducers.Reduction r = Reducers.reduce(Reducer.VOTE,
                outputs(out(0.9, 0.05, 0.05), out(0.1, 0.6, 0.3), out(0.2, 0.7, 0.1)), LABELS, 3);
        assertThat(r.output().label()).isEqualTo("b");
        assertThat(r.note()).isEqualTo("2 of 3 votes");
    }

    @Test
    void aVoteTieGoesToTheHigherSummedConfidenceAndIsReported() {
        Reducers.Reduction r = Reducers.reduce(Reducer.VOTE, outputs(out(0.55, 0.45, 0), out(0.1, 0.9, 0)), LABELS, 3);
        assertThat(r.output().label()).isEqualTo("b");
        assertThat(r.note()).contains("tie between [a, b]");
    }

    @Test
    void anExactVoteTieGoesToTheEarlierLabel() {
        Reducers.Reduction r = Reducers.reduce(Reducer.VOTE, outputs(out(0.0, 0.8, 0.2), out(0.0, 0.2, 0.8)), LABELS, 3);
        assertThat(r.output().label()).isEqualTo("b");
    }

    @Test
    void bestTakesTheMostConfidentBranchAndNamesIt() {
        Reducers.Reduction r = Reducers.reduce(Reducer.BEST, outputs(out(0.5, 0.4, 0.1), out(0.05, 0.05, 0.9)), LABELS, 3);
        assertThat(r.output().label()).isEqualTo("c");
        assertThat(r.note()).isEqualTo("from branch b1");
    }

    @Test
    void collectHasNoCombinedOutputAndNoBranchesMeansNoOutput() {
        assertThat(Reducers.reduce(Reducer.COLLECT, outputs(out(1, 0, 0)), LABELS, 3).output()).isNull();
        Reducers.Reduction none = Reducers.reduce(Reducer.MEAN, Map.of(), LABELS, 3);
        assertThat(none.output()).isNull();
        assertThat(none.note()).isEqualTo("no branch succeeded");
    }
}
