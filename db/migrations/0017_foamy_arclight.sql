CREATE TABLE `action_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`title` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`copied_from_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`copied_from_id`) REFERENCES `action_plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_plans_year` ON `action_plans` (`year`);--> statement-breakpoint
CREATE TABLE `annual_report_texts` (
	`year` integer NOT NULL,
	`goal_id` integer NOT NULL,
	`body` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`year`, `goal_id`)
);
--> statement-breakpoint
CREATE TABLE `framework_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`starts_on` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`snapshot` text NOT NULL,
	`created_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `framework_versions_starts` ON `framework_versions` (`starts_on`);--> statement-breakpoint
CREATE TABLE `plan_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`measure_id` integer NOT NULL,
	`name` text NOT NULL,
	`target` real,
	`actual` real,
	`unit` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`measure_id`) REFERENCES `plan_measures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_indicators_measure` ON `plan_indicators` (`measure_id`);--> statement-breakpoint
CREATE TABLE `plan_measure_delegations` (
	`measure_id` integer NOT NULL,
	`delegation_id` integer NOT NULL,
	PRIMARY KEY(`measure_id`, `delegation_id`),
	FOREIGN KEY (`measure_id`) REFERENCES `plan_measures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_measure_delegations_delegation` ON `plan_measure_delegations` (`delegation_id`);--> statement-breakpoint
CREATE TABLE `plan_measure_partnerships` (
	`measure_id` integer NOT NULL,
	`partnership_id` integer NOT NULL,
	PRIMARY KEY(`measure_id`, `partnership_id`),
	FOREIGN KEY (`measure_id`) REFERENCES `plan_measures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_measure_partnerships_partnership` ON `plan_measure_partnerships` (`partnership_id`);--> statement-breakpoint
CREATE TABLE `plan_measures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`goal_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`responsible` text DEFAULT '' NOT NULL,
	`cost_minor` integer,
	`currency` text NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`status` text NOT NULL,
	`carried_from_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `action_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carried_from_id`) REFERENCES `plan_measures`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `plan_measures_plan_goal` ON `plan_measures` (`plan_id`,`goal_id`,`position`);--> statement-breakpoint
CREATE INDEX `plan_measures_goal` ON `plan_measures` (`goal_id`);