package io.crisislab.models.post;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Pseudonymous author keys: {@code hex(SHA-256(salt + "\n" + normalised handle))}, where the
 * handle is lower-cased with a leading {@code @} removed, so {@code @Foo} and {@code foo} are the
 * same author. The same salt gives the same key across runs (joins across datasets work); a
 * different salt unlinks them.
 *
 * <p>{@link #DEFAULT_SALT} is public, so keys made with it only stop casual reading, not a
 * dictionary attack on known handles: pass your own salt ({@code --author-salt}) for real data.
 */
public final class AuthorKeys {
  /** Salt used when none is given. */
  public static final String DEFAULT_SALT = "crisislab-author-v1";

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  });

  private AuthorKeys() {}

  /** The key of {@code handle} under {@code salt}; null for a null or blank handle. */
  public static String key(String salt, String handle) {
    if (handle == null) {
      return null;
    }
    String h = handle.strip();
    if (h.startsWith("@")) {
      h = h.substring(1);
    }
    if (h.isEmpty()) {
      return null;
    }
    MessageDigest md = SHA256.get();
    md.reset();
    md.update(salt.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    md.update(h.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }
}
