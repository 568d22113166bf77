CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` text NOT NULL,
	`not_before` text
);
--> statement-breakpoint
CREATE INDEX `login_throttle_last_failure` ON `login_throttle` (`last_failure_at`);