CREATE TABLE `partnership_partners` (
	`partnership_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`partnership_id`, `partner_id`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnership_partners_partner` ON `partnership_partners` (`partner_id`,`partnership_id`);--> statement-breakpoint
CREATE TABLE `project_details` (
	`partnership_id` integer PRIMARY KEY NOT NULL,
	`programme` text DEFAULT '' NOT NULL,
	`call` text DEFAULT '' NOT NULL,
	`application_deadline_on` text,
	`status` text DEFAULT 'idea' NOT NULL,
	`budget_minor` integer,
	`co_financing_minor` integer,
	`currency` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `project_reporting_dates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`label` text NOT NULL,
	`done_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_reporting_dates_partnership` ON `project_reporting_dates` (`partnership_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `project_reporting_dates_open` ON `project_reporting_dates` (`done_on`,`due_on`);