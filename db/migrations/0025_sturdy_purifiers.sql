CREATE TABLE `delegation_gifts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delegation_id` integer NOT NULL,
	`direction` text NOT NULL,
	`description` text NOT NULL,
	`counterpart` text DEFAULT '' NOT NULL,
	`given_on` text NOT NULL,
	`value_minor` integer,
	`currency` text NOT NULL,
	`handling` text DEFAULT '' NOT NULL,
	`created_by_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegation_gifts_delegation` ON `delegation_gifts` (`delegation_id`);--> statement-breakpoint
CREATE INDEX `delegation_gifts_given_on` ON `delegation_gifts` (`given_on`);