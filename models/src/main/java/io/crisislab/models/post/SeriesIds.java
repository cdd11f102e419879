package io.crisislab.models.post;

/**
 * Series ids used by generated incidents ({@code incidents.json}) and by volume series built from
 * posts: {@code <brand>/<channel>}, with {@code _} standing for a null brand or channel
 * (e.g. {@code acme-air/mention}, {@code apple/_}). Brands and channels are slugs, so the id
 * never holds a second {@code /}.
 */
public final class SeriesIds {
  /** Placeholder for a null brand or channel. */
  public static final String NONE = "_";

  private SeriesIds() {}

  /** {@code brand/channel}. */
  public static String of(String brand, String channel) {
    return (brand == null ? NONE : brand) + "/" + (channel == null ? NONE : channel);
  }

  /** The brand part of a series id (null for {@code _}). */
  public static String brand(String seriesId) {
    String b = seriesId.substring(0, seriesId.indexOf('/'));
    return b.equals(NONE) ? null : b;
  }

  /** The channel part of a series id (null for {@code _}). */
  public static String channel(String seriesId) {
    String c = seriesId.substring(seriesId.indexOf('/') + 1);
    return c.equals(NONE) ? null : c;
  }
}
