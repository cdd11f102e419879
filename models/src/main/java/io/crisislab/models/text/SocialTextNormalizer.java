package io.crisislab.models.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Social-media text normaliser and tokeniser, the one implementation shared by the Spark training
 * pipeline (through a SQL UDF) and the Spark-free scorer, so both see the same tokens.
 *
 * <p>Rules, in order (version {@link #VERSION}; any change to the output bumps it, and scorer files
 * made with another version are refused):
 * <ul>
 *   <li>Literal {@code \}{@code uXXXX} escapes (TweetEval train/val) are decoded; the HTML entities
 *       {@code &amp; &lt; &gt; &quot; &#39; &apos;} are unescaped.</li>
 *   <li>URLs ({@code http://}, {@code https://}, {@code www.}) become the token {@code <url>};
 *       {@code @handle} becomes {@code @user} (no handle survives).</li>
 *   <li>Hashtags are split into words: {@code #DelayedAgain} gives {@code delayed again},
 *       {@code #flight_delay} gives {@code flight delay}.</li>
 *   <li>Case is folded to lower case (Locale.ROOT); a word of two or more letters in capitals adds
 *       one {@code <allcaps>} token at the end of the post.</li>
 *   <li>Elongations: a run of three or more equal characters is cut to two ({@code soooo} gives
 *       {@code soo}) and adds one {@code <elong>} token at the end.</li>
 *   <li>Emoticons become class tokens ({@code <smile> <sad> <wink> <laugh> <tongue> <heart>
 *       <skeptical> <surprise>}); each emoji is its own token (skin tones, variation selectors and
 *       joiners are dropped).</li>
 *   <li>{@code !} and {@code ?} runs are tokens; other punctuation is dropped but ends a negation
 *       scope.</li>
 *   <li>Negation scope: after a negator ({@code not}, {@code no}, {@code never}, {@code n't} forms,
 *       ...) every word up to the next clause punctuation ({@code . , ; : ! ?}) or {@code but}
 *       is prefixed {@code not_} ({@code "not good at all"} gives {@code not not_good not_at not_all}).</li>
 * </ul>
 *
 * <p>The class is stateless and thread-safe.
 */
public final class SocialTextNormalizer {
  /** Version of the rules above; stored in scorer files and checked when they are loaded. */
  public static final int VERSION = 1;

  /** Prefix given to words inside a negation scope. */
  public static final String NEG_PREFIX = "not_";

  private static final Set<String> NEGATORS = Set.of("not", "no", "never", "nothing", "nobody", "none",
      "nowhere", "neither", "nor", "cannot", "cant", "can't", "dont", "don't", "doesnt", "doesn't", "didnt",
      "didn't", "isnt", "isn't", "arent", "aren't", "wasnt", "wasn't", "werent", "weren't", "wont", "won't",
      "wouldnt", "wouldn't", "shouldnt", "shouldn't", "couldnt", "couldn't", "havent", "haven't", "hasnt",
      "hasn't", "hadnt", "hadn't", "aint", "ain't", "without");

  /** Emoticons and their class tokens; longer strings first so the longest match wins. */
  private static final String[][] EMOTICONS = {
      {":'-(", "<sad>"}, {":'(", "<sad>"}, {":-)", "<smile>"}, {":-(", "<sad>"}, {":-D", "<laugh>"},
      {";-)", "<wink>"}, {":-P", "<tongue>"}, {":-p", "<tongue>"}, {":-/", "<skeptical>"}, {":-O", "<surprise>"},
      {":-o", "<surprise>"}, {":)", "<smile>"}, {":]", "<smile>"}, {"=)", "<smile>"}, {"(:", "<smile>"},
      {":(", "<sad>"}, {":[", "<sad>"}, {"=(", "<sad>"}, {"):", "<sad>"}, {":D", "<laugh>"},
      {"XD", "<laugh>"}, {"xD", "<laugh>"}, {";)", "<wink>"}, {":P", "<tongue>"}, {":p", "<tongue>"},
      {":/", "<skeptical>"}, {":\\", "<skeptical>"}, {":|", "<skeptical>"}, {":O", "<surprise>"},
      {":o", "<surprise>"}, {"<3", "<heart>"}};

  private SocialTextNormalizer() {}

  /**
   * The normalised post: {@code tokens} for word n-grams (negation-marked) and {@code plain}, the
   * same tokens without negation marks joined by single spaces, for character n-grams.
   */
  public record Normalized(List<String> tokens, String plain) {}

  /** Word tokens of {@code text} (null is the empty post). */
  public static List<String> tokens(String text) {
    return normalize(text).tokens();
  }

  /** Normalises {@code text}; null gives no tokens. */
  public static Normalized normalize(String text) {
    if (text == null || text.isEmpty()) {
      return new Normalized(List.of(), "");
    }
    String s = unescape(text);
    List<String> raw = new ArrayList<>(Math.max(8, s.length() / 4));
    boolean elongated = false;
    boolean allCaps = false;
    int n = s.length();
    int i = 0;
    StringBuilder word = new StringBuilder(32);
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean atStart = i == 0 || Character.isWhitespace(s.charAt(i - 1));
      // URLs
      if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && isUrlStart(s, i)) {
        raw.add("<url>");
        i = skipNonSpace(s, i);
        continue;
      }
      if (c == '@' && i + 1 < n && isHandleChar(s.charAt(i + 1))) {
        raw.add("@user");
        i++;
        while (i < n && isHandleChar(s.charAt(i))) {
          i++;
        }
        continue;
      }
      if (c == '#' && i + 1 < n && Character.isLetterOrDigit(s.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        for (String part : splitHashtag(s.substring(i + 1, j))) {
          String w = lowerAndShorten(part, word);
          if (w.length() != part.length()) {
            elongated = true;
          }
          raw.add(w);
        }
        i = j;
        continue;
      }
      if (atStart || !Character.isLetterOrDigit(c)) {
        String emo = emoticonAt(s, i);
        if (emo != null) {
          raw.add(emo);
          i += emoticonLength(s, i);
          continue;
        }
      }
      if (Character.isLetterOrDigit(c) || ((c == '\'' || c == '\u2019') && i + 1 < n
          && Character.isLetterOrDigit(s.charAt(i + 1)) && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
        int j = i;
        int upper = 0;
        int letters = 0;
        while (j < n) {
          char d = s.charAt(j);
          if (Character.isLetterOrDigit(d) || d == '_') {
            if (Character.isLetter(d)) {
              letters++;
              if (Character.isUpperCase(d)) {
                upper++;
              }
            }
            j++;
          } else if ((d == '\'' || d == '\u2019') && j + 1 < n && Character.isLetterOrDigit(s.charAt(j + 1))) {
            j++;
          } else {
            break;
          }
        }
        String tok = s.substring(i, j);
        if (letters >= 2 && upper == letters) {
          allCaps = true;
        }
        String w = lowerAndShorten(tok, word);
        if (w.length() != tok.length()) {
          elongated = true;
        }
        raw.add(w);
        i = j;
        continue;
      }
      if (c == '!' || c == '?') {
        int j = i;
        boolean bang = false;
        boolean ask = false;
        while (j < n && (s.charAt(j) == '!' || s.charAt(j) == '?')) {
          bang |= s.charAt(j) == '!';
          ask |= s.charAt(j) == '?';
          j++;
        }
        if (ask) {
          raw.add("?");
        }
        if (bang) {
          raw.add("!");
        }
        i = j;
        continue;
      }
      if (c == '.' || c == ',' || c == ';' || c == ':') {
        raw.add(BREAK);
        i++;
        continue;
      }
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      if (isEmoji(cp)) {
        raw.add(new String(Character.toChars(cp)));
      }
      i += len;
    }
    if (allCaps) {
      raw.add("<allcaps>");
    }
    if (elongated) {
      raw.add("<elong>");
    }
    return markNegation(raw);
  }

  /** Marker of clause punctuation inside {@link #normalize}; never emitted. */
  private static final String BREAK = "\u0000";

  private static Normalized markNegation(List<String> raw) {
    List<String> tokens = new ArrayList<>(raw.size());
    StringBuilder plain = new StringBuilder(raw.size() * 6);
    boolean inScope = false;
    for (String t : raw) {
      if (t == BREAK) {
        inScope = false;
        continue;
      }
      if (plain.length() > 0) {
        plain.append(' ');
      }
      plain.append(t);
      if (t.equals("!") || t.equals("?") || t.equals("but")) {
        inScope = false;
        tokens.add(t);
        continue;
      }
      if (NEGATORS.contains(t)) {
        tokens.add(t);
        inScope = true;
        continue;
      }
      boolean wordy = !t.startsWith("<") && !t.equals("@user") && Character.isLetterOrDigit(t.charAt(0));
      tokens.add(inScope && wordy ? NEG_PREFIX + t : t);
    }
    return new Normalized(List.copyOf(tokens), plain.toString());
  }

  /** Lower-cases and cuts runs of 3+ equal characters to 2. */
  private static String lowerAndShorten(String tok, StringBuilder buf) {
    buf.setLength(0);
    char prev = 0;
    int run = 0;
    for (int k = 0; k < tok.length(); k++) {
      char d = tok.charAt(k);
      if (d == '\u2019') {
        d = '\'';
      }
      d = Character.toLowerCase(d);
      run = d == prev ? run + 1 : 1;
      prev = d;
      if (run <= 2) {
        buf.append(d);
      }
    }
    return buf.toString();
  }

  private static boolean isUrlStart(String s, int i) {
    return s.regionMatches(true, i, "http://", 0, 7) || s.regionMatches(true, i, "https://", 0, 8)
        || s.regionMatches(true, i, "www.", 0, 4);
  }

  private static int skipNonSpace(String s, int i) {
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isHandleChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** Splits a hashtag body at underscores, lower→upper changes, letter↔digit changes. */
  static List<String> splitHashtag(String body) {
    List<String> parts = new ArrayList<>(4);
    int start = 0;
    int n = body.length();
    for (int k = 1; k <= n; k++) {
      boolean cut = k == n;
      if (!cut) {
        char a = body.charAt(k - 1);
        char b = body.charAt(k);
        cut = b == '_' || a == '_'
            || (Character.isLowerCase(a) && Character.isUpperCase(b))
            || (Character.isLetter(a) && Character.isDigit(b))
            || (Character.isDigit(a) && Character.isLetter(b))
            // "ABCWord": cut before the last capital of a capital run followed by lower case
            || (Character.isUpperCase(a) && Character.isUpperCase(b) && k + 1 < n
                && Character.isLowerCase(body.charAt(k + 1)));
      }
      if (cut) {
        String p = body.substring(start, k);
        if (!p.isEmpty() && !p.equals("_")) {
          parts.add(p.replace("_", ""));
        }
        start = k;
      }
    }
    parts.removeIf(String::isEmpty);
    return parts;
  }

  /** First characters of the emoticons: most positions of a post start none, and are skipped at once. */
  private static final boolean[] EMOTICON_START = new boolean[128];

  static {
    for (String[] e : EMOTICONS) {
      EMOTICON_START[e[0].charAt(0)] = true;
    }
  }

  private static boolean mayStartEmoticon(String s, int i) {
    char c = s.charAt(i);
    return c < 128 && EMOTICON_START[c];
  }

  private static String emoticonAt(String s, int i) {
    if (!mayStartEmoticon(s, i)) {
      return null;
    }
    for (String[] e : EMOTICONS) {
      if (s.startsWith(e[0], i) && emoticonEndsOk(s, i + e[0].length())) {
        return e[1];
      }
    }
    return null;
  }

  private static int emoticonLength(String s, int i) {
    if (!mayStartEmoticon(s, i)) {
      return 1;
    }
    for (String[] e : EMOTICONS) {
      if (s.startsWith(e[0], i) && emoticonEndsOk(s, i + e[0].length())) {
        return e[0].length();
      }
    }
    return 1;
  }

  /** An emoticon must not run into a word ("XDA", ":Pizza" are not emoticons). */
  private static boolean emoticonEndsOk(String s, int end) {
    return end >= s.length() || !Character.isLetterOrDigit(s.charAt(end));
  }

  /** Pictographic code points kept as tokens. */
  static boolean isEmoji(int cp) {
    if (cp == 0xFE0F || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
      return false;
    }
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2190 && cp <= 0x21FF) || cp == 0x2764 || cp == 0x263A;
  }

  /** Decodes literal backslash-u escapes and the common HTML entities; returns s when there are none. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 5 < n && s.charAt(i + 1) == 'u' && isHex(s, i + 2, 4)) {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else if (c == '&') {
        String[][] ents = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
            {"&apos;", "'"}};
        boolean hit = false;
        for (String[] e : ents) {
          if (s.startsWith(e[0], i)) {
            b.append(e[1]);
            i += e[0].length() - 1;
            hit = true;
            break;
          }
        }
        if (!hit) {
          b.append(c);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isHex(String s, int from, int len) {
    for (int k = from; k < from + len; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
