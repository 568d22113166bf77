CREATE TABLE `delegation_goals` (
	`delegation_id` integer NOT NULL,
	`goal_id` integer NOT NULL,
	PRIMARY KEY(`delegation_id`, `goal_id`),
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `delegation_goals_goal` ON `delegation_goals` (`goal_id`);--> statement-breakpoint
CREATE TABLE `delegation_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delegation_id` integer NOT NULL,
	`side` text NOT NULL,
	`user_id` integer,
	`contact_id` integer,
	`name` text NOT NULL,
	`organisation` text DEFAULT '' NOT NULL,
	`country` text DEFAULT '' NOT NULL,
	`gender` text,
	`invited_international` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegation_participants_delegation` ON `delegation_participants` (`delegation_id`,`side`);--> statement-breakpoint
CREATE TABLE `delegation_programme_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delegation_id` integer NOT NULL,
	`on_date` text NOT NULL,
	`start_time` text,
	`end_time` text,
	`place` text DEFAULT '' NOT NULL,
	`host_department` text DEFAULT '' NOT NULL,
	`host_user_id` integer,
	`title` text NOT NULL,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`host_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegation_items_delegation_on` ON `delegation_programme_items` (`delegation_id`,`on_date`,`start_time`);--> statement-breakpoint
CREATE INDEX `delegation_items_host_user` ON `delegation_programme_items` (`host_user_id`,`on_date`);--> statement-breakpoint
CREATE TABLE `delegations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`direction` text NOT NULL,
	`title` text NOT NULL,
	`partner_id` integer,
	`partnership_id` integer,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`theme` text DEFAULT '' NOT NULL,
	`host_department` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`report` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegations_starts` ON `delegations` (`starts_on`,`ends_on`);--> statement-breakpoint
CREATE INDEX `delegations_status_starts` ON `delegations` (`status`,`starts_on`);--> statement-breakpoint
CREATE INDEX `delegations_direction_starts` ON `delegations` (`direction`,`starts_on`);--> statement-breakpoint
CREATE INDEX `delegations_department_starts` ON `delegations` (`host_department`,`starts_on`);--> statement-breakpoint
CREATE INDEX `delegations_partnership` ON `delegations` (`partnership_id`);--> statement-breakpoint
CREATE INDEX `delegations_partner` ON `delegations` (`partner_id`);--> statement-breakpoint
CREATE TABLE `visit_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation` text NOT NULL,
	`country` text DEFAULT '' NOT NULL,
	`contact_name` text NOT NULL,
	`email` text NOT NULL,
	`preferred_from` text NOT NULL,
	`preferred_to` text NOT NULL,
	`group_size` integer NOT NULL,
	`theme` text DEFAULT '' NOT NULL,
	`wants_to_learn` text DEFAULT '' NOT NULL,
	`partner_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`reply_text` text DEFAULT '' NOT NULL,
	`redirected_to` text DEFAULT '' NOT NULL,
	`delegation_id` integer,
	`decided_by_id` integer,
	`decided_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visit_requests_status_created` ON `visit_requests` (`status`,`created_at`);