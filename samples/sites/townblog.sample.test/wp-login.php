<!DOCTYPE html><html><body><form action="/wp-login.php" method="post"></form></body></html>
