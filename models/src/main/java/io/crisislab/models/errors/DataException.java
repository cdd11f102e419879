package io.crisislab.models.errors;

/**
 * The data cannot be used: an empty training set, one class only, a strict ingest that rejected
 * rows, a model folder from an incompatible version. Exit code 1.
 */
public class DataException extends CrisisLabException {
  public DataException(String message) {
    this(message, null);
  }

  public DataException(String message, Throwable cause) {
    super(1, message, cause);
  }
}
