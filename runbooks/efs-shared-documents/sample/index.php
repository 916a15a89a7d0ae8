<?php
echo "OK";
