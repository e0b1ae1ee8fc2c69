package io.braid.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Settings of the dispatcher. */
@ConfigMapping(prefix = "braid")
public interface DispatcherConfig {
    /** The model repository (pools and labels of the models the pipelines name). */
    @WithName("models-dir")
    @WithDefault("models")
    String modelsDir();

    /** The folder of pipeline definitions. */
    @WithName("pipelines-dir")
    @WithDefault("pipelines")
    String pipelinesDir();

    /** Dispatcher settings. */
    Dispatcher dispatcher();

    interface Dispatcher {
        /** How long a finished job's state stays readable in Redis. */
        @WithDefault("PT24H")
        Duration retention();

        /** How often the deadline timer looks for jobs whose deadline passed. */
        @WithName("timer-interval")
        @WithDefault("PT0.1S")
        Duration timerInterval();

        /** A join claim older than this is considered abandoned (its joiner died) and retaken. */
        @WithName("join-lease")
        @WithDefault("PT30S")
        Duration joinLease();

        /** Records processed at the same time per consumer. */
        @WithDefault("8")
        int concurrency();

        /** Convoys: small jobs that arrive together travel through the stages as one task. */
        Convoys convoy();
    }

    interface Convoys {
        /** Whether small jobs of one pipeline and priority that arrive in one poll share tasks. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Jobs share a convoy only when their deadlines lie within this of each other: the convoy's tasks
         * carry the latest, and an earlier member's remaining work is skipped by notice once it ends.
         */
        @WithName("max-deadline-spread")
        @WithDefault("PT1S")
        Duration maxDeadlineSpread();
    }
}

