package io.braid.gateway.events;

import io.braid.common.job.JobFields;
import io.braid.common.job.RedisKeys;
import io.braid.common.wire.Json;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.progress.ProgressView;
import io.braid.gateway.service.FinishedJobs;
import io.braid.gateway.service.JobService;
import io.braid.gateway.service.StoreUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's live events: the entries of its events stream in Redis (written by the dispatcher's scripts, so
 * any gateway replica serves any job, and a reconnect resumes after its {@code Last-Event-ID}), a
 * {@code progress} event (no id) every {@code braid.gateway.events.progress-interval} while the job runs, and
 * the {@code end} event with the whole job, after which the stream completes. The stream is read every
 * {@code poll-interval}, and at once when the job is announced finished.
 */
@ApplicationScoped
public class JobEvents {
    private static final int BATCH = 200;
    private final ReactiveRedisDataSource redis;
    private final JobService jobs;
    private final FinishedJobs finished;
    private final GatewayConfig config;
    private final Clock clock;

    @Inject
    public JobEvents(ReactiveRedisDataSource redis, JobService jobs, FinishedJobs finished, GatewayConfig config,
                     Clock clock) {
        this.redis = redis;
        this.jobs = jobs;
        this.finished = finished;
        this.config = config;
        this.clock = clock;
    }

    /** The events after {@code lastEventId} (null: from the start); the raw job must have been found. */
    public Multi<JobEvent> stream(String jobId, String tenant, String lastEventId, JobService.Raw first) {
        return Multi.createFrom().emitter(em -> new Session(jobId, tenant, lastEventId, first, em).next());
    }

    private final class Session {
        private final String jobId;
        private final String tenant;
        private final MultiEmitter<? super JobEvent> em;
        private String lastId;
        private JobService.Raw raw;
        private long progressAt;
        private boolean ended;
        private String idsJson;

        Session(String jobId, String tenant, String lastEventId, JobService.Raw first, MultiEmitter<? super JobEvent> em) {
            this.jobId = jobId;
            this.tenant = tenant;
            this.lastId = lastEventId == null ? null : lastEventId;
            this.raw = first;
            this.em = em;
        }

        void next() {
            if (em.isCancelled()) {
                return;
            }
            step().subscribe().with(events -> {
                events.forEach(em::emit);
                if (ended) {
                    em.complete();
                    return;
                }
                finished.next(jobId, config.gateway().events().pollInterval()).subscribe().with(v -> next(), em::fail);
            }, em::fail);
        }

        /** The events to send now: new stream entries, then a progress event when one is due or the end. */
        private Uni<List<JobEvent>> step() {
            if ("end".equals(lastId)) {
                return endOf(null).map(List::of);
            }
            return entries().chain(entries -> {
                List<JobEvent> out = new ArrayList<>(entries);
                if (out.stream().anyMatch(JobEvent::isEnd)) {
                    JobEvent end = out.remove(out.size() - 1);
                    return endOf(end.id()).map(e -> {
                        out.add(e);
                        return out;
                    });
                }
                long now = clock.millis();
                if (entries.size() == BATCH || now - progressAt < config.gateway().events().progressInterval().toMillis()) {
                    return Uni.createFrom().item(out);
                }
                progressAt = now;
                return jobs.findRaw(jobId, tenant).chain(r -> {
                    if (r == null) {
                        ended = true; // expired while watched: nothing more will come
                        return Uni.createFrom().item(out);
                    }
                    raw = r;
                    if (JobService.terminal(r.job())) {
                        // terminal without an end entry (never started, failed to enqueue): the end comes now
                        return entries().chain(more -> {
                            out.addAll(more.stream().filter(e -> !e.isEnd()).toList());
                            return endOf("end").map(e -> {
                                out.add(e);
                                return out;
                            });
                        });
                    }
                    out.add(progress(jobs.progress(r.job(), r.tree(), r.stats(), false)));
                    return Uni.createFrom().item(out);
                });
            });
        }

        private JobEvent progress(ProgressView.Progress p) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("done", p.done());
            data.put("total", p.total());
            data.put("percent", p.percent());
            if (p.branches() != null) {
                data.put("branches", p.branches());
            }
            if (p.eta() != null) {
                data.put("eta", p.eta());
            }
            return new JobEvent(null, "progress", data);
        }

        /** The end event: the whole job as {@code GET /v1/jobs/{id}} answers it. */
        private Uni<JobEvent> endOf(String id) {
            return jobs.find(jobId, tenant).map(v -> {
                ended = true;
                Object data = v == null ? Map.of("jobId", jobId, "status", "UNKNOWN") : v;
                return new JobEvent(id == null ? "end" : id, "end", data);
            });
        }

        /** The stream's entries after the last one sent, at most {@link #BATCH}. */
        private Uni<List<JobEvent>> entries() {
            String from = lastId == null ? "-" : "(" + lastId;
            return redis.execute("XRANGE", RedisKeys.events(jobId), from, "+", "COUNT", Integer.toString(BATCH))
                    .onFailure().transform(StoreUnavailableException::new)
                    .chain(r -> r == null || r.size() == 0 || !ids().isEmpty() ? Uni.createFrom().item(r)
                            // entries to name, and the item ids not read yet (the job was queued): read them first
                            : redis.hash(String.class).hget(RedisKeys.job(jobId), JobFields.ITEM_IDS).map(json -> {
                                idsJson = json;
                                return r;
                            }))
                    .map(r -> {
                        List<JobEvent> out = new ArrayList<>();
                        if (r == null) {
                            return out;
                        }
                        List<String> ids = ids();
                        for (Response entry : r) {
                            String id = entry.get(0).toString();
                            Map<String, String> fields = new HashMap<>();
                            Response kv = entry.get(1);
                            for (int i = 0; i + 1 < kv.size(); i += 2) {
                                fields.put(kv.get(i).toString(), kv.get(i + 1).toString());
                            }
                            out.add(JobEvent.of(id, fields, ids));
                            lastId = id;
                        }
                        return out;
                    });
        }

        private List<String> ids() {
            String json = raw == null ? null : raw.job().get(JobFields.ITEM_IDS);
            json = json != null ? json : idsJson;
            if (json == null) {
                return List.of();
            }
            try {
                return Arrays.asList(Json.read(json, String[].class));
            } catch (RuntimeException e) {
                return List.of();
            }
        }
    }
}
