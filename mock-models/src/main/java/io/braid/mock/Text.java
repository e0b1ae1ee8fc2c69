package io.braid.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashing and word counting shared by the protocols; everything here is deterministic. */
final class Text {
  private Text() {}

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  /** Tokens as the mock counts them: whitespace-separated words. */
  static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** The first {@code max} words of the text, joined by single spaces. */
  static String firstWords(String text, int max) {
    String t = text.strip();
    if (t.isEmpty() || max <= 0) {
      return "";
    }
    String[] w = t.split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(w, Math.min(max, w.length)));
  }
}
