-- Names and titles carry their sort key (sort_key(text, the organisation's locale), the collation
-- function every connection registers), so a list sorted by name walks an index instead of computing
-- a key for every row and sorting the whole table. Triggers keep the keys in step: no writer sets
-- them. A change of the organisation's language rewrites them all. (A table rebuild by drizzle-kit
-- drops triggers: recreate them after one, as for migration 0024.)
UPDATE `partners` SET `name_key` = sort_key(`name`, (SELECT `locale` FROM `organisation` WHERE `id` = 1));--> statement-breakpoint
UPDATE `partnerships` SET `title_key` = sort_key(`title`, (SELECT `locale` FROM `organisation` WHERE `id` = 1));--> statement-breakpoint
UPDATE `contacts` SET `name_key` = sort_key(`name`, (SELECT `locale` FROM `organisation` WHERE `id` = 1));--> statement-breakpoint
CREATE TRIGGER `partners_name_key_insert` AFTER INSERT ON `partners` BEGIN
  UPDATE `partners` SET `name_key` = sort_key(NEW.`name`, (SELECT `locale` FROM `organisation` WHERE `id` = 1)) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `partners_name_key_update` AFTER UPDATE OF `name` ON `partners` BEGIN
  UPDATE `partners` SET `name_key` = sort_key(NEW.`name`, (SELECT `locale` FROM `organisation` WHERE `id` = 1)) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `partnerships_title_key_insert` AFTER INSERT ON `partnerships` BEGIN
  UPDATE `partnerships` SET `title_key` = sort_key(NEW.`title`, (SELECT `locale` FROM `organisation` WHERE `id` = 1)) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `partnerships_title_key_update` AFTER UPDATE OF `title` ON `partnerships` BEGIN
  UPDATE `partnerships` SET `title_key` = sort_key(NEW.`title`, (SELECT `locale` FROM `organisation` WHERE `id` = 1)) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `contacts_name_key_insert` AFTER INSERT ON `contacts` BEGIN
  UPDATE `contacts` SET `name_key` = sort_key(NEW.`name`, (SELECT `locale` FROM `organisation` WHERE `id` = 1)) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `contacts_name_key_update` AFTER UPDATE OF `name` ON `contacts` BEGIN
  UPDATE `contacts` SET `name_key` = sort_key(NEW.`name`, (SELECT `locale` FROM `organisation` WHERE `id` = 1)) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `organisation_insert_sort_keys` AFTER INSERT ON `organisation` BEGIN
  UPDATE `partners` SET `name_key` = sort_key(`name`, NEW.`locale`);
  UPDATE `partnerships` SET `title_key` = sort_key(`title`, NEW.`locale`);
  UPDATE `contacts` SET `name_key` = sort_key(`name`, NEW.`locale`);
END;--> statement-breakpoint
CREATE TRIGGER `organisation_locale_sort_keys` AFTER UPDATE OF `locale` ON `organisation` BEGIN
  UPDATE `partners` SET `name_key` = sort_key(`name`, NEW.`locale`);
  UPDATE `partnerships` SET `title_key` = sort_key(`title`, NEW.`locale`);
  UPDATE `contacts` SET `name_key` = sort_key(`name`, NEW.`locale`);
END;
