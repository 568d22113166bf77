CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`changes` text DEFAULT '{}' NOT NULL,
	`ip` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity_type`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_user_at` ON `audit_log` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer,
	`name` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`preferred_language` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`lawful_basis` text DEFAULT '' NOT NULL,
	`erased_at` text,
	`merged_into_id` integer,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_partner_name` ON `contacts` (`partner_id`,`name`);--> statement-breakpoint
CREATE INDEX `contacts_email` ON `contacts` (`email`);--> statement-breakpoint
CREATE INDEX `contacts_name` ON `contacts` (`name`);--> statement-breakpoint
CREATE TABLE `end_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`review_id` integer,
	`partner_informed_on` text,
	`council_reference` text DEFAULT '' NOT NULL,
	`end_on` text,
	`completed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `end_plans_partnership` ON `end_plans` (`partnership_id`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`log_entry_id` integer,
	`partnership_id` integer,
	`partner_id` integer,
	`task` text NOT NULL,
	`due_on` text NOT NULL,
	`assignee_id` integer,
	`done_at` text,
	`done_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`log_entry_id`) REFERENCES `log_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_assignee_due` ON `follow_ups` (`assignee_id`,`done_at`,`due_on`);--> statement-breakpoint
CREATE INDEX `follow_ups_log_entry` ON `follow_ups` (`log_entry_id`);--> statement-breakpoint
CREATE INDEX `follow_ups_partnership` ON `follow_ups` (`partnership_id`);--> statement-breakpoint
CREATE INDEX `follow_ups_due` ON `follow_ups` (`done_at`,`due_on`);--> statement-breakpoint
CREATE TABLE `goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `goals_kind_position` ON `goals` (`kind`,`position`);--> statement-breakpoint
CREATE TABLE `import_batch_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after_updated_at` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_batch_rows_batch` ON `import_batch_rows` (`batch_id`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`file_name` text NOT NULL,
	`user_id` integer,
	`created_count` integer DEFAULT 0 NOT NULL,
	`updated_count` integer DEFAULT 0 NOT NULL,
	`reverted_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `investment_bands` (
	`year` integer PRIMARY KEY NOT NULL,
	`currency` text NOT NULL,
	`level1_from_minor` integer NOT NULL,
	`level2_from_minor` integer NOT NULL,
	`level3_from_minor` integer NOT NULL,
	`level4_from_minor` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`direction` text NOT NULL,
	`type` text NOT NULL,
	`occurred_on` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`hours` real,
	`note` text DEFAULT '' NOT NULL,
	`created_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_partnership_on` ON `ledger_entries` (`partnership_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `ledger_on_type` ON `ledger_entries` (`occurred_on`,`type`);--> statement-breakpoint
CREATE TABLE `log_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_on` text NOT NULL,
	`occurred_time` text,
	`type` text NOT NULL,
	`summary` text NOT NULL,
	`outcome` text DEFAULT '' NOT NULL,
	`created_by_id` integer,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `log_entries_occurred` ON `log_entries` (`occurred_on`);--> statement-breakpoint
CREATE TABLE `log_entry_contacts` (
	`log_entry_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	PRIMARY KEY(`log_entry_id`, `contact_id`),
	FOREIGN KEY (`log_entry_id`) REFERENCES `log_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `log_entry_contacts_contact` ON `log_entry_contacts` (`contact_id`,`log_entry_id`);--> statement-breakpoint
CREATE TABLE `log_entry_partners` (
	`log_entry_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	PRIMARY KEY(`log_entry_id`, `partner_id`),
	FOREIGN KEY (`log_entry_id`) REFERENCES `log_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `log_entry_partners_partner` ON `log_entry_partners` (`partner_id`,`log_entry_id`);--> statement-breakpoint
CREATE TABLE `log_entry_partnerships` (
	`log_entry_id` integer NOT NULL,
	`partnership_id` integer NOT NULL,
	PRIMARY KEY(`log_entry_id`, `partnership_id`),
	FOREIGN KEY (`log_entry_id`) REFERENCES `log_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `log_entry_partnerships_partnership` ON `log_entry_partnerships` (`partnership_id`,`log_entry_id`);--> statement-breakpoint
CREATE TABLE `log_entry_staff` (
	`log_entry_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`log_entry_id`, `user_id`),
	FOREIGN KEY (`log_entry_id`) REFERENCES `log_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `log_entry_staff_user` ON `log_entry_staff` (`user_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`read_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_read` ON `notifications` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`home_city` text NOT NULL,
	`country` text NOT NULL,
	`time_zone` text NOT NULL,
	`currency` text NOT NULL,
	`locale` text NOT NULL,
	`framework` text NOT NULL,
	`losing_touch_months` integer DEFAULT 12 NOT NULL,
	`hourly_rate_minor` integer,
	`council_period_end_on` text,
	`review_reminder_days` text DEFAULT '30,7' NOT NULL,
	`idle_timeout_minutes` integer DEFAULT 30 NOT NULL,
	`absolute_timeout_hours` integer DEFAULT 12 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`user_id` integer,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`recipient` text DEFAULT '' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`body_text` text DEFAULT '' NOT NULL,
	`body_html` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text DEFAULT '' NOT NULL,
	`sent_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_status_next` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`organisation_type` text,
	`name` text NOT NULL,
	`country` text DEFAULT '' NOT NULL,
	`city_region` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '' NOT NULL,
	`annual_fee_minor` integer,
	`working_groups` text DEFAULT '' NOT NULL,
	`funding_programme` text DEFAULT '' NOT NULL,
	`project_start_on` text,
	`project_end_on` text,
	`project_budget_minor` integer,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `partners_name` ON `partners` (`name`);--> statement-breakpoint
CREATE INDEX `partners_kind_name` ON `partners` (`kind`,`name`);--> statement-breakpoint
CREATE INDEX `partners_country_name` ON `partners` (`country`,`name`);--> statement-breakpoint
CREATE TABLE `partnership_goals` (
	`partnership_id` integer NOT NULL,
	`goal_id` integer NOT NULL,
	PRIMARY KEY(`partnership_id`, `goal_id`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `partnership_goals_goal` ON `partnership_goals` (`goal_id`);--> statement-breakpoint
CREATE TABLE `partnerships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`title` text NOT NULL,
	`agreement_type` text NOT NULL,
	`status` text NOT NULL,
	`owner_id` integer,
	`department` text DEFAULT '' NOT NULL,
	`start_on` text,
	`agreement_on` text,
	`renewal_on` text,
	`active_since_on` text,
	`review_cadence_months` integer DEFAULT 12 NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnerships_partner` ON `partnerships` (`partner_id`);--> statement-breakpoint
CREATE INDEX `partnerships_status_title` ON `partnerships` (`status`,`title`);--> statement-breakpoint
CREATE INDEX `partnerships_owner` ON `partnerships` (`owner_id`);--> statement-breakpoint
CREATE INDEX `partnerships_department` ON `partnerships` (`department`);--> statement-breakpoint
CREATE INDEX `partnerships_title` ON `partnerships` (`title`);--> statement-breakpoint
CREATE TABLE `password_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_tokens_hash` ON `password_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `review_scores` (
	`review_id` integer NOT NULL,
	`goal_id` integer NOT NULL,
	`score` integer NOT NULL,
	`evidence` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`review_id`, `goal_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`period_start_on` text NOT NULL,
	`period_end_on` text NOT NULL,
	`state` text NOT NULL,
	`value_index` real,
	`investment_net_minor` integer,
	`investment_annualised_minor` integer,
	`investment_level_computed` integer,
	`investment_level_adjustment` integer DEFAULT 0 NOT NULL,
	`adjustment_reason` text DEFAULT '' NOT NULL,
	`recommendation` text,
	`reasons` text DEFAULT '[]' NOT NULL,
	`decision` text,
	`decision_comment` text DEFAULT '' NOT NULL,
	`revision_note` text DEFAULT '' NOT NULL,
	`reviewer_id` integer,
	`proposed_at` text,
	`signed_by_id` integer,
	`signed_at` text,
	`return_comment` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reviews_partnership_period` ON `reviews` (`partnership_id`,`period_end_on`);--> statement-breakpoint
CREATE INDEX `reviews_state` ON `reviews` (`state`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`sid` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`changed_on` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `status_changes_partnership` ON `status_changes` (`partnership_id`,`changed_on`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`password_hash` text,
	`locale` text,
	`time_zone` text,
	`active` integer DEFAULT true NOT NULL,
	`calendar_token_hash` text,
	`notification_prefs` text DEFAULT '{}' NOT NULL,
	`weekly_digest` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token` ON `users` (`calendar_token_hash`);