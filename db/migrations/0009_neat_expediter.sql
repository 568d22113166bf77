DROP INDEX `reviews_state`;--> statement-breakpoint
CREATE INDEX `reviews_state` ON `reviews` (`state`,`period_end_on`);