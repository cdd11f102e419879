package io.crisislab.models.errors;

/**
 * Base of the errors a user can fix, carrying the process exit code the command line returns.
 * The message is one line that names the file, row or key and what was expected.
 */
public abstract class CrisisLabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code of the command line for this error: 2 for usage, 1 for data. */
  private final int exitCode;

  protected CrisisLabException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Exit code of the command line for this error. */
  public final int exitCode() {
    return exitCode;
  }
}
