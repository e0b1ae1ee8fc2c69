package io.braid.dispatcher.messaging;

import io.braid.common.wire.Hop;
import io.braid.common.wire.TaskOutcome;
import io.braid.common.wire.WireFormatException;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.convoy.Convoy;
import io.braid.dispatcher.convoy.ConvoyMembers;
import io.braid.dispatcher.convoy.ConvoyStore;
import io.braid.dispatcher.join.Joiner;
import io.braid.dispatcher.store.FanInStore;
import io.braid.dispatcher.trace.JobSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.braid.stage.HopSender;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code braid.results}: records each outcome in the fan-in and, when the record script
 * says this caller must join, writes the job's result before acking the record; when it says
 * {@code synthesize} or {@code plan}, sends the synthesis task or the subtasks' tasks before acking it.
 */
@ApplicationScoped
public class ResultConsumer {
    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

    private final FanInStore store;
    private final Joiner joiner;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Inbox inbox;
    private final ConvoyStore convoys;
    private final JobSpans spans;
    private final SystemCalls calls;

    @Inject
    public ResultConsumer(FanInStore store, Joiner joiner, HopSender sender, DeadLetters deadLetters, Clock clock,
                          MeterRegistry metrics, DispatcherConfig config, ConvoyStore convoys, JobSpans spans,
                          SystemCalls calls) {
        this.calls = calls;
        this.convoys = convoys;
        this.spans = spans;
        this.store = store;
        this.joiner = joiner;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.metrics = metrics;
        this.inbox = new Inbox(config.dispatcher().concurrency(), sender);
    }

    @Incoming("results")
    public CompletionStage<Void> onOutcome(Message<byte[]> msg) {
        return inbox.process(msg, this::record);
    }

    /** Records every outcome of the record (one, or several items of one job or convoy); the notices they call for. */
    private List<Hop> record(Message<byte[]> msg) {
        Span span = spans.record(msg);
        try (Scope ignored = span.makeCurrent()) {
            List<Hop> notices = recordAll(msg);
            span.setAttribute(io.braid.common.wire.SpanAttributes.RECORDS, notices.size());
            return notices;
        } finally {
            span.end();
        }
    }

    private List<Hop> recordAll(Message<byte[]> msg) {
        List<TaskOutcome> outcomes;
        try {
            outcomes = TaskOutcome.listFromJson(msg.getPayload());
        } catch (WireFormatException e) {
            LOG.warnf("poison outcome record: %s", e.getMessage());
            return List.of(deadLetters.poison(msg, "dispatcher", e.getMessage()));
        }
        List<Hop> notices = new ArrayList<>();
        // a stage sends the outcomes of one task: of one job, or of a convoy, whose items belong to its members
        Map<String, List<TaskOutcome>> byJob = outcomes.stream().collect(Collectors.groupingBy(TaskOutcome::jobId,
                LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<TaskOutcome>> sent : byJob.entrySet()) {
            if (!Convoy.isConvoy(sent.getKey())) {
                record(sent.getValue(), null, notices);
                continue;
            }
            Optional<ConvoyMembers> layout = convoys.layout(sent.getKey());
            if (layout.isEmpty()) {
                LOG.debugf("outcomes of convoy %s, whose layout expired: late", sent.getKey());
                continue;
            }
            Map<String, List<TaskOutcome>> byMember = sent.getValue().stream().map(o -> ofMember(o, layout.get()))
                    .collect(Collectors.groupingBy(TaskOutcome::jobId, LinkedHashMap::new, Collectors.toList()));
            for (List<TaskOutcome> ofMember : byMember.values()) {
                record(ofMember, new ConvoySeats(sent.getKey(), layout.get()), notices);
            }
        }
        return notices;
    }

    /** A convoy's id and layout, to name a member's items as the stages know them. */
    private record ConvoySeats(String convoyId, ConvoyMembers layout) {
        int seat(String jobId, int item) {
            return layout.offset(layout.indexOf(jobId)) + item;
        }

        int items(String jobId) {
            return layout.members().get(layout.indexOf(jobId)).items();
        }
    }

    /** A convoy item's outcome as the outcome of its member job's item. */
    private static TaskOutcome ofMember(TaskOutcome o, ConvoyMembers layout) {
        ConvoyMembers.Position at = layout.at(o.item());
        return new TaskOutcome(at.jobId(), TaskOutcome.taskId(at.jobId(), at.item(), o.branch()), at.item(), o.branch(),
                o.status(), o.output(), o.error(), o.attempts(), o.latencyMs(), o.timings());
    }

    /** Records the outcomes of one job; {@code seats} is null when the job travels alone. */
    private void record(List<TaskOutcome> ofJob, ConvoySeats seats, List<Hop> notices) {
        List<FanInStore.Recorded> recorded = store.recordAll(ofJob, clock.millis());
        for (int i = 0; i < ofJob.size(); i++) {
            TaskOutcome outcome = ofJob.get(i);
            FanInStore.Recorded r = recorded.get(i);
            metrics.counter("braid_outcomes", "status", outcome.status().apiName(),
                    "verdict", r.verdict().name().toLowerCase(Locale.ROOT)).increment();
            long expires = clock.millis() + ControlNotices.LIFETIME_MS;
            if (r.verdict() == FanInStore.Verdict.JOIN) {
                joiner.join(outcome.jobId());
                // every stage instance reads these notices: send them only if some of the job's work is still out
                if (r.stillRunning() > 0) {
                    notices.addAll(seats == null ? List.of(ControlNotices.jobEnded(outcome.jobId(), expires))
                            : SkipNotices.seatsDecided(seats.convoyId(), seats.seat(outcome.jobId(), 0),
                            seats.items(outcome.jobId()), expires));
                }
            } else if (r.verdict() == FanInStore.Verdict.PLAN) {
                // the subtasks' branch tasks, sent (and acknowledged) before this record is acked
                notices.addAll(JobSpans.stamp(calls.planned(outcome), Span.current()));
            } else if (r.verdict() == FanInStore.Verdict.SYNTHESIZE) {
                notices.addAll(JobSpans.stamp(calls.synthesize(outcome), Span.current()));
                // a job-level synthesis follows the job's last item: no notice (a job-ended one would skip it)
                if (r.stillRunning() > 0 && !r.itemState().isEmpty() && !calls.ofJob(outcome.jobId())) {
                    notices.add(seats == null ? ControlNotices.itemDecided(outcome.jobId(), outcome.item(), expires)
                            : ControlNotices.itemDecided(seats.convoyId(), seats.seat(outcome.jobId(), outcome.item()), expires));
                }
            } else if (r.verdict() == FanInStore.Verdict.DECIDED && r.stillRunning() > 0) {
                notices.add(seats == null ? ControlNotices.itemDecided(outcome.jobId(), outcome.item(), expires)
                        : ControlNotices.itemDecided(seats.convoyId(), seats.seat(outcome.jobId(), outcome.item()), expires));
            }
        }
    }
}
