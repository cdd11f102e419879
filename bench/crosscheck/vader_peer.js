// VADER as a peer (vader-sentiment, the JS port of Hutto & Gilbert's lexicon): compound >= 0.05
// positive, <= -0.05 negative, else neutral (the thresholds VADER's README gives).
// node vader_peer.js POSTS.jsonl OUT.csv   (POSTS.jsonl: one {"post_id", "text"} per line)
const vader = require('vader-sentiment');
const fs = require('fs');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const out = ['post_id,predicted_class'];
for (const l of lines) {
  const r = JSON.parse(l);
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(r.text || '').compound;
  out.push(r.post_id + ',' + (c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral'));
}
fs.writeFileSync(process.argv[3], out.join('\n') + '\n');
