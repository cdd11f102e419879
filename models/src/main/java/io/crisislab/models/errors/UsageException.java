package io.crisislab.models.errors;

/**
 * The request itself is wrong: a flag, a config key, a plan or scenario file that does not
 * validate. Exit code 2, like picocli's own usage errors.
 */
public class UsageException extends CrisisLabException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message, null);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
