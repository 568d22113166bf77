CREATE INDEX `reviews_state_signed` ON `reviews` (`state`,`signed_at`);--> statement-breakpoint
CREATE INDEX `status_changes_to_status_on` ON `status_changes` (`to_status`,`changed_on`);