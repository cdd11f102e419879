package io.crisislab.models.errors;

/**
 * Base of the errors a user can fix, carrying the process exit code the command line returns.
 * The message is one line that names the file, row or key and what was expected.
 */
public abstract class CrisisLabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected CrisisLabException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Exit code of the command line for this error. */
  public abstract int exitCode();
}
