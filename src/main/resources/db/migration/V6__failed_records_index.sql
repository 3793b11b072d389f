-- Every delivery writes one webhook_events row; the only read by outcome is of the failed ones (the
-- admin list, replay, retention's guard). An index on (outcome, received_at) cost every insert an
-- entry for that rare read: only failed records keep one now. Dedupe needs the primary key alone,
-- and retention and the unfiltered newest-first list use webhook_events_received_idx.
drop index webhook_events_outcome_received_idx;
create index webhook_events_failed_received_idx on webhook_events (received_at desc) where outcome = 'failed';
