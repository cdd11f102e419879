package io.crisislab.models.errors;

/**
 * The request itself is wrong: a flag, a config key, a plan or scenario file that does not
 * validate. Exit code 2, like picocli's own usage errors.
 */
public class UsageException extends CrisisLabException {
  public UsageException(String message) {
    this(message, null);
  }

  public UsageException(String message, Throwable cause) {
    super(2, message, cause);
  }
}
