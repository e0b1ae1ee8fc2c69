package io.braid.mock;

/** A request the mock refuses with 400: malformed JSON, a missing or mistyped field. */
final class BadRequest extends RuntimeException {
  BadRequest(String message) {
    super(message, null, false, false);
  }
}
