package io.braid.gateway.service;

/** The job store (Redis) failed or could not be reached; the client should retry (503 with Retry-After). */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(Throwable cause) {
        super("the job store is unavailable (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")",
                cause);
    }
}
