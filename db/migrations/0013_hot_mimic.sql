CREATE TABLE `log_entry_working_groups` (
	`log_entry_id` integer NOT NULL,
	`working_group_id` integer NOT NULL,
	PRIMARY KEY(`log_entry_id`, `working_group_id`),
	FOREIGN KEY (`log_entry_id`) REFERENCES `log_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`working_group_id`) REFERENCES `network_working_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `log_entry_working_groups_group` ON `log_entry_working_groups` (`working_group_id`,`log_entry_id`);--> statement-breakpoint
CREATE TABLE `network_memberships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`partnership_id` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`annual_fee_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `network_memberships_partner` ON `network_memberships` (`partner_id`,`starts_on`);--> statement-breakpoint
CREATE INDEX `network_memberships_ends` ON `network_memberships` (`ends_on`);--> statement-breakpoint
CREATE TABLE `network_representatives` (
	`membership_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`membership_id`, `user_id`),
	FOREIGN KEY (`membership_id`) REFERENCES `network_memberships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `network_representatives_user` ON `network_representatives` (`user_id`);--> statement-breakpoint
CREATE TABLE `network_working_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`membership_id` integer NOT NULL,
	`name` text NOT NULL,
	`member_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`membership_id`) REFERENCES `network_memberships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `network_working_groups_membership` ON `network_working_groups` (`membership_id`,`name`);