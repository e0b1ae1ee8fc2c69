package io.braid.stage;

import io.braid.common.progress.Stage;
import io.braid.common.wire.Hop;
import io.braid.common.wire.ProgressMark;
import io.braid.common.wire.TaskHeaders;
import io.braid.common.wire.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reports that a stage took a task's items ({@link ProgressMark} on {@code braid.progress}). The send runs
 * beside the work, not before it: the caller acks its input only once the mark is acknowledged too, but a
 * mark that cannot be sent never fails the work (progress is reported, not needed); it is counted in
 * {@code braid_progress_marks_total{result="unsent"}} and logged.
 */
@ApplicationScoped
public class ProgressMarks {
    private static final Logger LOG = Logger.getLogger(ProgressMarks.class);
    private final HopSender sender;
    private final Clock clock;
    private final boolean enabled;
    private final Counter sent;
    private final Counter unsent;

    @Inject
    public ProgressMarks(HopSender sender, Clock clock, StageConfig config, MeterRegistry metrics) {
        this.sender = sender;
        this.clock = clock;
        this.enabled = config.progressMarks();
        this.sent = metrics.counter("braid_progress_marks", "result", "sent");
        this.unsent = metrics.counter("braid_progress_marks", "result", "unsent");
    }

    /** Sends the mark of {@code task}'s items entering {@code stage}; completes (never exceptionally) once it is acknowledged. */
    public CompletionStage<Void> entered(TaskHeaders task, Stage stage) {
        if (!enabled) {
            return CompletableFuture.completedFuture(null);
        }
        ProgressMark mark = new ProgressMark(task.jobId(), task.coveredBranches(), task.items(), stage.apiName(),
                clock.millis());
        return sender.send(List.of(new Hop(Topics.PROGRESS, task.jobId(), Map.of(), mark.toJson())))
                .handle((v, failure) -> {
                    if (failure == null) {
                        sent.increment();
                    } else {
                        unsent.increment();
                        LOG.debugf("progress mark of %s at %s not sent: %s", task.taskId(), stage.apiName(), failure);
                    }
                    return null;
                });
    }
}
