package io.braid.stage;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Beans every stage shares: the wall clock that decides deadlines, and the skip list. */
@ApplicationScoped
public class StageBeans {
    @Produces
    @DefaultBean
    @ApplicationScoped
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** What this process may skip, filled by {@link SkipNoticeListener}. */
    @Produces
    @Singleton
    public SkipList skipList(Clock clock) {
        return new SkipList(clock::millis);
    }
}
