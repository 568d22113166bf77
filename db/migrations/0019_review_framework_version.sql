-- A review keeps the framework version it was made under: the latest version that had started on the
-- day the review was created. Before any revision there is no version and the column stays null.
CREATE TRIGGER `reviews_framework_version` AFTER INSERT ON `reviews`
WHEN NEW.`framework_version_id` IS NULL
BEGIN
  UPDATE `reviews` SET `framework_version_id` = (
    SELECT `id` FROM `framework_versions`
    WHERE `starts_on` <= substr(NEW.`created_at`, 1, 10)
    ORDER BY `starts_on` DESC, `id` DESC LIMIT 1
  ) WHERE `id` = NEW.`id`;
END;
